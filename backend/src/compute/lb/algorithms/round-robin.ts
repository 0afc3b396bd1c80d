import type { RoutingAlgorithm } from "./routing-algorithm.js";

/** Round robin: each candidate in turn, in the order the upstreams were added. */
export function roundRobin(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "round-robin",
    pick(candidates, n) {
      const u = candidates[cursor % n]!;
      cursor = (cursor + 1) % 1_000_000_007;
      return u;
    },
  };
}
