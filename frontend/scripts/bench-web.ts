/**
 * `npm run bench:web`: the web app's weight and speed, measured on a production build.
 *
 * 1. A local stack like the e2e run's (Hardhat node, fresh deployment, backend on in-memory PGlite)
 *    seeded with 500 listings from 5 providers;
 * 2. `next build` with that stack's URLs, then `next start`;
 * 3. first-load JS per route: every script the app's origin serves on a cold load, gzipped
 *    (see `bench/firstLoadJs.ts`); target ≤ 250 kB on /marketplace;
 * 4. time to interactive of /marketplace with the 500 listings, in Chromium, median of 5 cold loads
 *    (see `bench/timeToInteractive.ts` for the definition).
 *
 * Progress goes to stderr; a table and then one JSON document go to stdout. Exit code 1 when the
 * first-load JS target is missed.
 *
 *   npm run bench:web                 BENCH_WEB_LISTINGS=500 BENCH_WEB_RUNS=5
 */
import path from "node:path";
import { startBackend } from "../e2e/support/backend.js";
import { launchChromium } from "../e2e/support/browser.js";
import { startChain } from "../e2e/support/chain.js";
import { market } from "../e2e/support/market.js";
import { frontendRoot } from "../e2e/support/paths.js";
import { freePort } from "../e2e/support/processes.js";
import { buildWeb, retireBuild, startWeb } from "../e2e/support/web.js";
import { appRoutes, measureFirstLoadJs, type RouteJs } from "./bench/firstLoadJs.js";
import { measureTti, type TtiSample } from "./bench/timeToInteractive.js";

const LISTINGS = Number(process.env.BENCH_WEB_LISTINGS ?? 500);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const TARGET_KB = 250;
const PROVIDERS = [1, 2, 3, 4, 5];

const log = (line: string) => process.stderr.write(`[bench:web] ${line}\n`);
const kb = (bytes: number) => bytes / 1000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<number> {
  if (!Number.isInteger(LISTINGS) || LISTINGS < 1 || !Number.isInteger(RUNS) || RUNS < 1) {
    log("BENCH_WEB_LISTINGS and BENCH_WEB_RUNS must be positive integers");
    return 2;
  }
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const webUrl = `http://127.0.0.1:${webPort}`;
    log("starting the Hardhat node and deploying");
    const chain = await startChain();
    stops.push(() => chain.stop());
    const m = market(chain);
    log(`seeding ${LISTINGS} listings from ${PROVIDERS.length} providers`);
    const t0 = Date.now();
    for (const p of PROVIDERS) {
      await m.fund(p);
      await m.registerProvider(p);
    }
    const perProvider = Math.ceil(LISTINGS / PROVIDERS.length);
    for (const [i, p] of PROVIDERS.entries()) {
      const count = Math.min(perProvider, LISTINGS - i * perProvider);
      if (count > 0) await m.listMany(p, count, i * perProvider);
      log(`  ${Math.min((i + 1) * perProvider, LISTINGS)}/${LISTINGS} listed`);
    }
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s; starting the backend`);
    const backend = await startBackend(chain, new URL(webUrl), apiPort);
    stops.push(() => backend.stop());
    await backend.synced(120_000);
    const total = ((await (await fetch(`${backend.url}/resources?limit=1`)).json()) as { total: number }).total;
    if (total < LISTINGS) throw new Error(`the backend indexed ${total} listings, expected ${LISTINGS}`);

    log("building the web app for production (next build)");
    const t1 = Date.now();
    const buildEnv = { apiUrl: backend.url, rpcUrl: chain.rpcUrl, chainId: 31337 };
    const { distDir } = await buildWeb(buildEnv);
    stops.push(async () => retireBuild(distDir));
    const buildSeconds = (Date.now() - t1) / 1000;
    log(`built in ${buildSeconds.toFixed(1)} s (${distDir}); starting it`);
    const web = await startWeb(buildEnv, webPort);
    stops.push(() => web.stop());

    const browser = await launchChromium();
    stops.push(() => browser.close());
    const routes = appRoutes(path.join(frontendRoot, distDir), { id: "1", address: m.address(PROVIDERS[0]!) });
    const firstLoad: RouteJs[] = [];
    for (const route of routes) {
      log(`first-load JS of ${route.path}`);
      firstLoad.push(await measureFirstLoadJs(browser, webUrl, route));
    }
    const tti: TtiSample[] = [];
    for (let i = 0; i < RUNS; i++) {
      log(`time to interactive of /marketplace, run ${i + 1}/${RUNS}`);
      tti.push(await measureTti(browser, `${webUrl}/marketplace`, { selector: '[data-testid="listing-card"]' }));
    }

    const marketplace = firstLoad.find((r) => r.route === "/marketplace");
    const met = marketplace !== undefined && kb(marketplace.gzipBytes) <= TARGET_KB;
    print(firstLoad, tti, { met, buildSeconds, total });
    return met ? 0 : 1;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

function print(firstLoad: RouteJs[], tti: TtiSample[], extra: { met: boolean; buildSeconds: number; total: number }) {
  const lines: string[] = [];
  lines.push("First-load JS per route (gzipped; every script the app's origin serves on a cold load)");
  lines.push("");
  lines.push("| route | scripts | raw (kB) | gzip (kB) |");
  lines.push("| --- | ---: | ---: | ---: |");
  for (const r of firstLoad) {
    const flag = r.route === "/marketplace" ? (extra.met ? ` ✔ ≤ ${TARGET_KB}` : ` ✘ > ${TARGET_KB}`) : "";
    lines.push(`| ${r.route} | ${r.scripts} | ${kb(r.rawBytes).toFixed(1)} | ${kb(r.gzipBytes).toFixed(1)}${flag} |`);
  }
  lines.push("");
  lines.push(`Time to interactive of /marketplace with ${extra.total} listings (${tti.length} cold loads, ms)`);
  lines.push("");
  lines.push("| metric | median | min | max |");
  lines.push("| --- | ---: | ---: | ---: |");
  const row = (name: string, xs: number[]) =>
    lines.push(
      `| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`,
    );
  row(
    "first contentful paint",
    tti.map((s) => s.fcpMs),
  );
  row(
    "listings rendered",
    tti.map((s) => s.listRenderedMs),
  );
  row(
    "time to interactive",
    tti.map((s) => s.ttiMs),
  );
  row(
    "long tasks (count)",
    tti.map((s) => s.longTasks),
  );
  row(
    "long tasks (total ms)",
    tti.map((s) => s.longTaskTotalMs),
  );
  lines.push("");
  console.log(lines.join("\n"));
  console.log(
    JSON.stringify(
      {
        listings: extra.total,
        buildSeconds: Number(extra.buildSeconds.toFixed(1)),
        firstLoadJs: firstLoad.map((r) => ({ ...r, gzipKb: Number(kb(r.gzipBytes).toFixed(1)) })),
        marketplaceTargetKb: TARGET_KB,
        marketplaceTargetMet: extra.met,
        tti: {
          definition:
            "max(first listing card in the DOM, end of the last long task (>50 ms) followed by 1 s without one), from navigation start, cold cache",
          medianMs: Number(median(tti.map((s) => s.ttiMs)).toFixed(0)),
          samples: tti,
        },
      },
      null,
      2,
    ),
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
