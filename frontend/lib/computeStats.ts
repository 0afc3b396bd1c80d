import type { LbSnapshot } from "./apiTypes";

/** One sample for the live charts: unix seconds, requests per second, latency percentiles (ms). */
export type StatsPoint = { t: number; rps: number; p50: number; p90: number; p99: number };

/**
 * Reads a `compute.stats` message (a load-balancer snapshot, possibly under `lb`) into a chart point;
 * `null` when it carries no usable figures.
 */
export function toStatsPoint(
  message: (LbSnapshot & { at?: number; lb?: LbSnapshot & { at?: number } }) | null | undefined,
): StatsPoint | null {
  if (!message || typeof message !== "object") return null;
  const s = message.lb && typeof message.lb === "object" ? message.lb : message;
  if (typeof s.rps !== "number" || !Number.isFinite(s.rps)) return null;
  const at = typeof s.at === "number" ? s.at : typeof message.at === "number" ? message.at : Date.now();
  const lat = s.latencyMs ?? {};
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return { t: at / 1000, rps: s.rps, p50: n(lat.p50), p90: n(lat.p90), p99: n(lat.p99) };
}
