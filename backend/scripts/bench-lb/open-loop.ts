import { createHistogram, monitorEventLoopDelay, type RecordableHistogram } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";

/** Latency figures of one stretch of an open-loop run, in milliseconds. */
export type LatencySummary = {
  /** Requests whose response arrived (any status). */
  completed: number;
  /** Responses with status ≥ 400, failed connections and requests dropped by the outstanding cap. */
  errors: number;
  errorRate: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
};

export type OpenLoopOptions = {
  /** Base URL (`http://127.0.0.1:<port>`), or several that take the requests in turn (a client-side spread, no proxy). */
  url: string | string[];
  path?: string;
  /** Arrival rate, requests per second. */
  rate: number;
  durationS: number;
  /** Keep-alive connections the generator may open (requests beyond them queue, and the queueing counts). */
  connections: number;
  /** Headers of each request (called per request, so a run can mix classes of requests). */
  headers?: () => Record<string, string>;
  /** Called once, `split.atS` seconds in; requests scheduled after that go to the `after` summary. */
  split?: { atS: number; run: () => Promise<void> };
};

export type OpenLoopResult = {
  rate: number;
  /** Requests sent per second over the run (below `rate` if the generator fell behind). */
  sentPerSecond: number;
  /** p99 event-loop delay of the generator itself, in ms: high when the machine starved it, and then every latency is suspect. */
  generatorDelayP99Ms: number;
  all: LatencySummary;
  before: LatencySummary;
  after: LatencySummary;
};

/** Requests in flight beyond which new arrivals are dropped (counted as errors), so an overloaded target cannot exhaust memory. */
const OUTSTANDING_PER_CONNECTION = 32;
/** Every request gets at most this long; a slower one is an error. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The requests of one stretch of a run (before or after the split). */
class Stretch {
  readonly histogram: RecordableHistogram = createHistogram({ lowest: 1, highest: 3_600_000_000, figures: 3 });
  attempts = 0;
  completed = 0;
  errors = 0;

  summary(): LatencySummary {
    const ms = (p: number) => (this.histogram.count ? this.histogram.percentile(p) / 1_000 : 0);
    return {
      completed: this.completed,
      errors: this.errors,
      errorRate: this.attempts > 0 ? this.errors / this.attempts : 0,
      p50Ms: ms(50),
      p90Ms: ms(90),
      p99Ms: ms(99),
      maxMs: this.histogram.count ? this.histogram.max / 1_000 : 0,
    };
  }
}

/**
 * An open-loop load generator (what `wrk2` does, which is not packaged here): requests leave at a
 * constant arrival rate whatever the target's speed, over a bounded pool of keep-alive connections.
 * Each latency is measured from the request's *scheduled* send time, not from when a connection
 * became free, so a stalled target shows as latency instead of silently lowering the load
 * (coordinated omission). Latencies go into Node's HDR histogram (microseconds, 3 significant figures).
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { url, rate, durationS, connections } = options;
  if (!(rate > 0) || !(durationS > 0))
    throw new Error(`open loop: rate and duration must be positive (${rate}/s, ${durationS} s)`);
  const path = options.path ?? "/work";
  const urls = typeof url === "string" ? [url] : url;
  const perPool = Math.max(1, Math.floor(connections / urls.length));
  const pools = urls.map((u) => new Pool(u, { connections: perPool, pipelining: 1, keepAliveTimeout: 30_000 }));
  const before = new Stretch();
  const after = new Stretch();
  const total = Math.max(1, Math.round(rate * durationS));
  const intervalMs = 1_000 / rate;
  const maxOutstanding = connections * OUTSTANDING_PER_CONNECTION;
  const splitAtMs = options.split ? options.split.atS * 1_000 : Number.POSITIVE_INFINITY;
  let outstanding = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  let splitRun: Promise<void> = Promise.resolve();

  const fire = (pool: Pool, scheduled: number, stretch: Stretch) => {
    stretch.attempts++;
    if (outstanding >= maxOutstanding) {
      stretch.errors++;
      return;
    }
    outstanding++;
    sent++;
    const p = pool
      .request({
        path,
        method: "GET",
        headers: options.headers?.(),
        headersTimeout: REQUEST_TIMEOUT_MS,
        bodyTimeout: REQUEST_TIMEOUT_MS,
      })
      .then(async (res) => {
        await res.body.dump();
        const us = (performance.now() - scheduled) * 1_000;
        stretch.histogram.record(Math.max(1, Math.round(us)));
        stretch.completed++;
        if (res.statusCode >= 400) stretch.errors++;
      })
      .catch(() => {
        stretch.errors++;
      })
      .finally(() => {
        outstanding--;
        inFlight.delete(p);
      });
    inFlight.add(p);
  };

  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const start = performance.now() + 10;
  let next = 0;
  let splitDone = !options.split;
  while (next < total) {
    const now = performance.now();
    if (!splitDone && now - start >= splitAtMs) {
      splitDone = true;
      splitRun = options.split!.run();
    }
    while (next < total) {
      const scheduled = start + next * intervalMs;
      if (scheduled > now) break;
      fire(pools[next % pools.length]!, scheduled, scheduled - start >= splitAtMs ? after : before);
      next++;
    }
    await sleep(1);
  }
  await splitRun;
  await Promise.all(inFlight);
  loopDelay.disable();
  await Promise.all(pools.map((pool) => pool.close()));

  const all = new Stretch();
  all.histogram.add(before.histogram);
  all.histogram.add(after.histogram);
  all.completed = before.completed + after.completed;
  all.errors = before.errors + after.errors;
  all.attempts = before.attempts + after.attempts;
  return {
    rate,
    sentPerSecond: sent / durationS,
    generatorDelayP99Ms: loopDelay.count ? loopDelay.percentile(99) / 1e6 : 0,
    all: all.summary(),
    before: before.summary(),
    after: after.summary(),
  };
}
