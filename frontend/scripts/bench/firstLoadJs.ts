import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Request } from "playwright-core";

/** First-load JavaScript of one route, as the browser fetched it. */
export type RouteJs = {
  route: string;
  path: string;
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
  /** The three largest files (gzipped bytes), to see what to split. */
  largest: { file: string; gzipBytes: number }[];
};

/**
 * The app's page routes from the build's `app-path-routes-manifest.json`, without Next's internal
 * ones (`/_not-found`, `/_global-error`), dynamic segments filled from `samples` (`[id]` → `samples.id`).
 */
export function appRoutes(distDir: string, samples: Record<string, string>): { route: string; path: string }[] {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "app-path-routes-manifest.json"), "utf8")) as Record<
    string,
    string
  >;
  return [...new Set(Object.values(manifest))]
    .filter((route) => !route.split("/").some((segment) => segment.startsWith("_")))
    .sort()
    .map((route) => ({
      route,
      path: route.replace(/\[{1,2}\.{0,3}([^\]]+)\]{1,2}/g, (_, name: string) => samples[name] ?? "1"),
    }));
}

/**
 * Loads `url` in a fresh context (empty cache) and adds up every JavaScript file the app's origin
 * served until the page settled: its `load` event, then no script requested or in flight for
 * `quietMs` with the main thread idle at the end (so chunks requested while hydrating count, as they
 * do in Next's "First Load JS", however slow the machine). `<Link>` prefetches (and the chunks of
 * the routes they prefetch) are refused: they are not this route's load. Each file is gzipped here
 * (zlib, level 6) rather than trusting the transfer encoding; inline scripts (the RSC payload) are
 * not counted.
 */
export async function measureFirstLoadJs(
  browser: Browser,
  origin: string,
  route: { route: string; path: string },
  options: { quietMs?: number; timeoutMs?: number } = {},
): Promise<RouteJs> {
  const quietMs = options.quietMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const context = await browser.newContext();
  try {
    // Link prefetches fetch other routes' payloads and then their chunks: speculative, not this
    // route's load. The router treats a failed prefetch as no prefetch.
    await context.route(
      (url) => url.origin === origin,
      (route, request) => (request.headers()["next-router-prefetch"] ? route.abort() : route.continue()),
    );
    const page = await context.newPage();
    const bodies: Promise<{ file: string; body: Buffer } | null>[] = [];
    let requested = 0;
    let pending = 0;
    const isAppScript = (request: Request) => request.resourceType() === "script" && request.url().startsWith(origin);
    page.on("request", (request) => {
      if (!isAppScript(request)) return;
      requested++;
      pending++;
    });
    const settled = (request: Request) => {
      if (isAppScript(request)) pending--;
    };
    page.on("requestfinished", settled);
    page.on("requestfailed", settled);
    page.on("response", (response) => {
      const request = response.request();
      if (!isAppScript(request) || !response.ok()) return;
      const file = new URL(response.url()).pathname;
      bodies.push(
        response.body().then(
          (body) => ({ file, body }),
          () => null,
        ),
      );
    });
    await page.goto(new URL(route.path, origin).toString(), { waitUntil: "load", timeout: 60_000 });
    // Settled: a quiet window without new or pending scripts, ending with an idle main thread (a page
    // still hydrating has not asked for its lazy chunks yet). Bounded by timeoutMs.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const before = requested;
      await page.waitForTimeout(quietMs);
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(null), { timeout: 5_000 })));
      if (requested === before && pending === 0) break;
      if (Date.now() > deadline) throw new Error(`${route.path}: scripts still loading after ${timeoutMs} ms`);
    }
    const files = (await Promise.all(bodies))
      .filter((f) => f !== null)
      .map(({ file, body }) => ({ file, rawBytes: body.length, gzipBytes: gzipSync(body).length }));
    return {
      ...route,
      scripts: files.length,
      rawBytes: files.reduce((n, f) => n + f.rawBytes, 0),
      gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0),
      largest: files
        .sort((a, b) => b.gzipBytes - a.gzipBytes)
        .slice(0, 3)
        .map(({ file, gzipBytes }) => ({ file, gzipBytes })),
    };
  } finally {
    await context.close();
  }
}
