import type { LbAlgorithm } from "../../types.js";
import type { Upstream } from "../upstream.js";

/** What an algorithm knows of the request it routes; reused across attempts, never allocated per pick. */
export type RouteContext = {
  /** Absolute deadline on the `performance.now()` clock (ms), `Infinity` when the request carries none. */
  deadline: number;
  /** Load level of the chosen upstream at pick time (the Q-learning router's state), else 0. */
  level: number;
};

/**
 * One routing algorithm. `pick` chooses among `candidates[0..n)` (n ≥ 1: routable upstreams with a
 * free slot, slow start already applied); it must not allocate, it runs once per request.
 * `observe` gets the outcome of each attempt it picked (or that another algorithm picked, after a
 * switch), for the algorithms that learn.
 */
export interface RoutingAlgorithm {
  readonly name: LbAlgorithm;
  pick(candidates: readonly Upstream[], n: number, request: RouteContext, now: number): Upstream;
  observe?(upstream: Upstream, latencyMs: number, failed: boolean, request: RouteContext): void;
}

/** Index of the candidate with the smallest `score` (ties: the first seen from `start`, so equal ones share). */
export function argMin(
  candidates: readonly Upstream[],
  n: number,
  start: number,
  score: (u: Upstream) => number,
): Upstream {
  let best = candidates[start % n]!;
  let bestScore = score(best);
  for (let k = 1; k < n; k++) {
    const u = candidates[(start + k) % n]!;
    const s = score(u);
    if (s < bestScore) {
      best = u;
      bestScore = s;
    }
  }
  return best;
}
