import type { Upstream } from "../upstream.js";
import type { RouteContext, RoutingAlgorithm } from "./routing-algorithm.js";

/** A request with less time than this left before its deadline is urgent (ms). */
export const URGENT_WITHIN_MS = 500;

/**
 * Score of an upstream, lower is better: a blend of its recent (fast EWMA) and historical (slow EWMA)
 * latency, scaled by its current utilisation (requests in flight, measured CPU) and its historical
 * failure rate. For an urgent request the history weighs less: what counts is how fast it is now.
 */
export function historyScore(u: Upstream, urgent: boolean): number {
  const h = urgent ? 0.2 : 0.5;
  const fast = u.latencyEwmaMs > 0.5 ? u.latencyEwmaMs : 0.5;
  const slow = u.latencySlowMs > 0.5 ? u.latencySlowMs : 0.5;
  const latency = (1 - h) * fast + h * slow;
  return latency * (1 + u.inFlight) * (1 + u.cpu) * (1 + 10 * u.errorRate);
}

/**
 * Weighted history (the "blockchain-inspired" score of the design): current and historical
 * utilisation and latency of each upstream, and the request's urgency (see {@link historyScore}).
 */
export function weightedHistory(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "weighted-history",
    pick(candidates, n, request: RouteContext, now) {
      cursor = (cursor + 1) % 1_000_000_007;
      const urgent = request.deadline - now < URGENT_WITHIN_MS;
      let best = candidates[cursor % n]!;
      let bestScore = historyScore(best, urgent);
      for (let k = 1; k < n; k++) {
        const u = candidates[(cursor + k) % n]!;
        const s = historyScore(u, urgent);
        if (s < bestScore) {
          best = u;
          bestScore = s;
        }
      }
      return best;
    },
  };
}
