import type { DurationHistogram } from "../types.js";

/** Bounds of the Prometheus-style histogram, in seconds (Envoy/Traefik-like, 1 ms to 10 s). */
export const DURATION_BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Fine buckets of the percentile window: geometric from 0.05 ms by 8 % steps (≈ 220 s at the top). */
const FINE_MIN_MS = 0.05;
const FINE_FACTOR = 1.08;
const FINE_LOG = Math.log(FINE_FACTOR);
const FINE_BUCKETS = 200;

function fineIndex(ms: number): number {
  if (ms <= FINE_MIN_MS) return 0;
  const i = Math.ceil(Math.log(ms / FINE_MIN_MS) / FINE_LOG);
  return i < FINE_BUCKETS ? i : FINE_BUCKETS - 1;
}

/**
 * The load balancer's counters, cheap on the request path: a response is a few typed-array
 * increments (status class, one Prometheus bucket, one fine bucket of the current second). Rates
 * and percentiles are computed only when a snapshot is taken, over the last `windowSeconds` seconds
 * (a ring of per-second fine histograms), so they cost nothing per request and no memory grows.
 */
export class LbStats {
  requestsTotal = 0;
  rateLimited = 0;
  retries = 0;
  overflowed = 0;
  private durationSum = 0;
  private readonly byClass = new Float64Array(6);
  private readonly buckets = new Float64Array(DURATION_BOUNDS.length + 1);
  private readonly slots: number;
  private readonly slotSecond: Float64Array;
  private readonly slotCount: Float64Array;
  private readonly fine: Uint32Array;
  private readonly startedAt = performance.now();

  constructor(private readonly windowSeconds: number) {
    this.slots = windowSeconds + 1;
    this.slotSecond = new Float64Array(this.slots).fill(-1);
    this.slotCount = new Float64Array(this.slots);
    this.fine = new Uint32Array(this.slots * FINE_BUCKETS);
  }

  /** One response sent to a client (`ms` from the request's arrival to the end of the response). */
  record(status: number, ms: number, now: number): void {
    this.requestsTotal++;
    const cls = (status / 100) | 0;
    this.byClass[cls > 0 && cls < 6 ? cls : 0]!++;
    const seconds = ms / 1_000;
    this.durationSum += seconds;
    let b = 0;
    while (b < DURATION_BOUNDS.length && seconds > DURATION_BOUNDS[b]!) b++;
    this.buckets[b]!++;
    const second = Math.floor(now / 1_000);
    const slot = second % this.slots;
    if (this.slotSecond[slot] !== second) {
      this.slotSecond[slot] = second;
      this.slotCount[slot] = 0;
      this.fine.fill(0, slot * FINE_BUCKETS, (slot + 1) * FINE_BUCKETS);
    }
    this.slotCount[slot]!++;
    this.fine[slot * FINE_BUCKETS + fineIndex(ms)]!++;
  }

  byCodeClass(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let c = 1; c < 6; c++) if (this.byClass[c]! > 0) out[`${c}xx`] = this.byClass[c]!;
    return out;
  }

  duration(): DurationHistogram {
    const counts: number[] = [];
    let cumulative = 0;
    for (let b = 0; b < DURATION_BOUNDS.length; b++) {
      cumulative += this.buckets[b]!;
      counts.push(cumulative);
    }
    return { bounds: [...DURATION_BOUNDS], counts, sum: this.durationSum, count: this.requestsTotal };
  }

  /** Requests per second and latency percentiles (ms, a fine bucket's upper bound) over the window. */
  window(now: number): { rps: number; latencyMs: { p50: number; p90: number; p99: number } } {
    const second = Math.floor(now / 1_000);
    const merged = new Float64Array(FINE_BUCKETS);
    let total = 0;
    for (let slot = 0; slot < this.slots; slot++) {
      const s = this.slotSecond[slot]!;
      if (s <= second - this.windowSeconds || s > second) continue;
      total += this.slotCount[slot]!;
      for (let i = 0; i < FINE_BUCKETS; i++) merged[i]! += this.fine[slot * FINE_BUCKETS + i]!;
    }
    // The window is the current (partial) second and the windowSeconds - 1 before it.
    const spanMs = Math.min(now - this.startedAt, (this.windowSeconds - 1) * 1_000 + (now % 1_000));
    const rps = total === 0 ? 0 : total / Math.max(0.001, spanMs / 1_000);
    const percentile = (p: number): number => {
      if (total === 0) return 0;
      const rank = Math.ceil(p * total);
      let seen = 0;
      for (let i = 0; i < FINE_BUCKETS; i++) {
        seen += merged[i]!;
        if (seen >= rank) return Math.round(FINE_MIN_MS * FINE_FACTOR ** i * 1_000) / 1_000;
      }
      return FINE_MIN_MS * FINE_FACTOR ** (FINE_BUCKETS - 1);
    };
    return { rps, latencyMs: { p50: percentile(0.5), p90: percentile(0.9), p99: percentile(0.99) } };
  }
}
