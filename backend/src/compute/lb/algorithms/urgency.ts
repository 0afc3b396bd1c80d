import type { Upstream } from "../upstream.js";
import type { RoutingAlgorithm } from "./routing-algorithm.js";

/**
 * How much each request already in flight on an upstream is assumed to delay a new one, as a share
 * of its latency. Instances serve several requests at once (1 would assume one at a time); the
 * latency EWMA catches real queueing after the fact, this term only keeps a burst from herding.
 */
export const IN_FLIGHT_DELAY_SHARE = 0.25;
/**
 * What a failed answer costs the client, in ms of latency: an upstream's recent failure rate times
 * this is added to its expected completion (a failure is no completion, and worse than a slow one).
 */
export const FAILURE_COST_MS = 500;

/**
 * Expected time until a new request on `u` completes (ms): its expected latency now (EWMA, or the
 * age of what it holds when it stalls, see {@link Upstream.expectedLatencyMs}) stretched by the
 * requests in flight, plus the cost of its recent failure rate ({@link FAILURE_COST_MS}).
 */
export function expectedCompletionMs(u: Upstream, now: number): number {
  const latency = u.expectedLatencyMs(now);
  return (latency > 1 ? latency : 1) * (1 + IN_FLIGHT_DELAY_SHARE * u.inFlight) + FAILURE_COST_MS * u.recentErrorRate;
}

/**
 * Urgency-aware: each request goes where it is expected to finish first ({@link expectedCompletionMs}).
 * The urgency itself acts in the load balancer's queue: when every upstream is at its concurrency
 * limit, waiting requests are served earliest deadline first (`x-dcx-deadline-ms`), not in arrival
 * order, so the most urgent request takes the first slot that frees up.
 */
export function urgency(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "urgency",
    pick(candidates, n, _request, now) {
      cursor = (cursor + 1) % 1_000_000_007;
      let best = candidates[cursor % n]!;
      let bestScore = expectedCompletionMs(best, now);
      for (let k = 1; k < n; k++) {
        const u = candidates[(cursor + k) % n]!;
        const s = expectedCompletionMs(u, now);
        if (s < bestScore) {
          best = u;
          bestScore = s;
        }
      }
      return best;
    },
  };
}
