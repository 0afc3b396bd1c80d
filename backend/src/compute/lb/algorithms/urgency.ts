import type { Upstream } from "../upstream.js";
import { argMin, type RoutingAlgorithm } from "./routing-algorithm.js";

/** Expected time until a new request on `u` completes: its queue of in-flight requests times its recent latency. */
export function expectedCompletionMs(u: Upstream): number {
  return (u.inFlight + 1) * (u.latencyEwmaMs > 1 ? u.latencyEwmaMs : 1);
}

/**
 * Urgency-aware: each request goes where it is expected to finish first. The urgency itself acts in
 * the load balancer's queue: when every upstream is at its concurrency limit, waiting requests are
 * served earliest deadline first (`x-dcx-deadline-ms`), not in arrival order.
 */
export function urgency(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "urgency",
    pick(candidates, n) {
      cursor = (cursor + 1) % 1_000_000_007;
      return argMin(candidates, n, cursor, expectedCompletionMs);
    },
  };
}
