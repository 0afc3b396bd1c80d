import type { Upstream } from "../upstream.js";
import type { RouteContext, RoutingAlgorithm } from "./routing-algorithm.js";
import { FAILURE_COST_MS } from "./urgency.js";

/** A request with less time than this left before its deadline is urgent (ms). */
export const URGENT_WITHIN_MS = 500;
/**
 * An upstream nothing was sent to for this long gets one request (when it holds none) so that its
 * recent figures are refreshed: an upstream avoided after a bad spell must be able to show it recovered.
 */
export const PROBE_AFTER_MS = 2_000;

/**
 * Score of an upstream, lower is better: its latency times its utilisation (requests in flight,
 * measured CPU) and its failure rate. The latency blends recent (fast EWMA, or the age of what it
 * holds when it stalls) and historical (slow EWMA) latency, but only to the upstream's benefit of
 * doubt when it is doing better than its history: when it is doing worse, the recent figure counts
 * alone, at once. Failures add their cost ({@link FAILURE_COST_MS}) at the recent rate, or the
 * historical one when higher. For an urgent request the history weighs less still.
 */
export function historyScore(u: Upstream, urgent: boolean, now: number): number {
  const recent = u.expectedLatencyMs(now);
  const fast = recent > 0.5 ? recent : 0.5;
  const slow = u.latencySlowMs > 0.5 ? u.latencySlowMs : 0.5;
  const h = urgent ? 0.1 : 0.3;
  const latency = fast >= slow ? fast : (1 - h) * fast + h * slow;
  const errors = u.recentErrorRate > u.errorRate ? u.recentErrorRate : u.errorRate;
  return (latency + FAILURE_COST_MS * errors) * (1 + 0.25 * u.inFlight) * (1 + u.cpu);
}

/**
 * Weighted history (the "blockchain-inspired" score of the design): current and historical
 * utilisation and latency of each upstream, and the request's urgency (see {@link historyScore}).
 * An idle upstream whose last answer is older than {@link PROBE_AFTER_MS} gets the next request.
 */
export function weightedHistory(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "weighted-history",
    pick(candidates, n, request: RouteContext, now) {
      cursor = (cursor + 1) % 1_000_000_007;
      const urgent = request.deadline - now < URGENT_WITHIN_MS;
      let best = candidates[cursor % n]!;
      let bestScore = historyScore(best, urgent, now);
      for (let k = 1; k < n; k++) {
        const u = candidates[(cursor + k) % n]!;
        const s = historyScore(u, urgent, now);
        if (s < bestScore) {
          best = u;
          bestScore = s;
        }
      }
      if (!urgent) {
        for (let k = 0; k < n; k++) {
          const u = candidates[k]!;
          if (u.inFlight === 0 && u.lastFinishedAt > 0 && now - u.lastFinishedAt > PROBE_AFTER_MS) {
            u.lastFinishedAt = now; // one probe per period, even if it does not answer in time
            return u;
          }
        }
      }
      return best;
    },
  };
}
