import type { Browser } from "playwright-core";

/** One cold load of a page: when it painted, when its list rendered, when it became interactive. */
export type TtiSample = {
  /** First contentful paint (ms since navigation start). */
  fcpMs: number;
  /** The first list item matching the selector was in the DOM (ms since navigation start). */
  listRenderedMs: number;
  /** max(list rendered, end of the last long task before a quiet window); see {@link measureTti}. */
  ttiMs: number;
  longTasks: number;
  longTaskTotalMs: number;
  /** List items rendered at TTI. */
  items: number;
};

/** Installed before the page's scripts: records long tasks and when the first `selector` appears. */
function probeScript(selector: string): string {
  return `(() => {
  const probe = { longTasks: [], listRenderedAt: null };
  window.__dcxTti = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push([e.startTime, e.startTime + e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  const check = () => {
    if (probe.listRenderedAt === null && document.querySelector(${JSON.stringify(selector)})) {
      probe.listRenderedAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  document.addEventListener("DOMContentLoaded", () => { check(); observer.observe(document.documentElement, { childList: true, subtree: true }); });
})();`;
}

/**
 * Time to interactive of `url` in a fresh context (cold cache), defined as: the later of
 * (a) the first `selector` element (a rendered list item) being in the DOM and
 * (b) the end of the last long task (a main-thread task over 50 ms, from the Long Tasks API)
 * that is followed by `quietMs` with no long task at all.
 * This is Lighthouse's TTI idea (a quiet window after FCP) with the list's first render as the
 * content milestone; network quietness is not required (socket.io keeps a connection open).
 */
export async function measureTti(
  browser: Browser,
  url: string,
  options: { selector: string; quietMs?: number; timeoutMs?: number },
): Promise<TtiSample> {
  const quietMs = options.quietMs ?? 1_000;
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  try {
    await context.addInitScript({ content: probeScript(options.selector) });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "commit", timeout: options.timeoutMs ?? 60_000 });
    await page.waitForSelector(options.selector, { timeout: options.timeoutMs ?? 60_000 });
    // Wait until the main thread has been free of long tasks for quietMs (bounded by timeoutMs).
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const quiet = await page.evaluate((q) => {
        const probe = (window as unknown as { __dcxTti: { longTasks: [number, number][] } }).__dcxTti;
        const lastEnd = probe.longTasks.reduce((m, [, end]) => Math.max(m, end), 0);
        return performance.now() - lastEnd >= q;
      }, quietMs);
      if (quiet) break;
      if (Date.now() > deadline) throw new Error(`${url}: the main thread never stayed idle for ${quietMs} ms`);
      await page.waitForTimeout(100);
    }
    return await page.evaluate((sel) => {
      const probe = (window as unknown as { __dcxTti: { longTasks: [number, number][]; listRenderedAt: number } })
        .__dcxTti;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
      const lastEnd = probe.longTasks.reduce((m, [, end]) => Math.max(m, end), 0);
      return {
        fcpMs: fcp,
        listRenderedMs: probe.listRenderedAt,
        ttiMs: Math.max(probe.listRenderedAt, lastEnd),
        longTasks: probe.longTasks.length,
        longTaskTotalMs: probe.longTasks.reduce((n, [s, e]) => n + (e - s), 0),
        items: document.querySelectorAll(sel).length,
      };
    }, options.selector);
  } finally {
    await context.close();
  }
}
