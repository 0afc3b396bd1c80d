import type { Upstream } from "../upstream.js";
import { argMin, type RoutingAlgorithm } from "./routing-algorithm.js";

const inFlight = (u: Upstream) => u.inFlight;

/** Least connections: the candidate with the fewest requests in flight; ties rotate so idle upstreams share. */
export function leastConn(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "least-conn",
    pick(candidates, n) {
      cursor = (cursor + 1) % 1_000_000_007;
      return argMin(candidates, n, cursor, inFlight);
    },
  };
}
