import type { RoutingAlgorithm } from "./routing-algorithm.js";

/**
 * Power of two choices, least request (Envoy's default): two distinct random candidates, the one
 * with fewer requests in flight wins (then the faster one). Near least-conn quality without a scan,
 * and no herding on a single "best" upstream.
 */
export function p2c(random: () => number = Math.random): RoutingAlgorithm {
  return {
    name: "p2c",
    pick(candidates, n) {
      if (n === 1) return candidates[0]!;
      const i = Math.floor(random() * n);
      let j = Math.floor(random() * (n - 1));
      if (j >= i) j++;
      const a = candidates[i]!;
      const b = candidates[j]!;
      if (a.inFlight !== b.inFlight) return a.inFlight < b.inFlight ? a : b;
      return a.latencyEwmaMs <= b.latencyEwmaMs ? a : b;
    },
  };
}
