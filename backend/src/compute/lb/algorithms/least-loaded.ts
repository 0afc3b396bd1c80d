import type { Upstream } from "../upstream.js";
import { argMin, type RoutingAlgorithm } from "./routing-algorithm.js";

const GIB = 1024 ** 3;

/**
 * Load of an upstream: CPU cores it used at the last sample plus a tenth per GiB resident (both from
 * `updateLoad`), plus 0.05 per request in flight so that between samples (one a second) traffic does
 * not all herd onto the upstream that looked idlest.
 */
export function loadOf(u: Upstream): number {
  return u.cpu + (0.1 * u.memoryBytes) / GIB + 0.05 * u.inFlight;
}

/** Least loaded: the candidate with the lowest measured CPU/memory load (see {@link loadOf}). */
export function leastLoaded(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "least-loaded",
    pick(candidates, n) {
      cursor = (cursor + 1) % 1_000_000_007;
      return argMin(candidates, n, cursor, loadOf);
    },
  };
}
