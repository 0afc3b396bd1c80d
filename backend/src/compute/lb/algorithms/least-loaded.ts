import type { Upstream } from "../upstream.js";
import type { RoutingAlgorithm } from "./routing-algorithm.js";
import { expectedCompletionMs } from "./urgency.js";

const GIB = 1024 ** 3;

/**
 * Load of an upstream: CPU cores it used at the last sample plus a tenth per GiB resident (both from
 * `updateLoad`, one sample a second), plus the work it holds, in seconds: the expected completion of
 * one more request there ({@link expectedCompletionMs}, from its in-flight requests, latency and
 * failures). The last term keeps traffic from herding onto the upstream that looked idlest between
 * samples, and tells apart upstreams whose cost is waiting rather than CPU (their CPU reads ~0).
 */
export function loadOf(u: Upstream, now: number): number {
  return u.cpu + (0.1 * u.memoryBytes) / GIB + expectedCompletionMs(u, now) / 1_000;
}

/** Least loaded: the candidate with the lowest measured CPU/memory load and held work (see {@link loadOf}). */
export function leastLoaded(): RoutingAlgorithm {
  let cursor = 0;
  return {
    name: "least-loaded",
    pick(candidates, n, _request, now) {
      cursor = (cursor + 1) % 1_000_000_007;
      let best = candidates[cursor % n]!;
      let bestLoad = loadOf(best, now);
      for (let k = 1; k < n; k++) {
        const u = candidates[(cursor + k) % n]!;
        const load = loadOf(u, now);
        if (load < bestLoad) {
          best = u;
          bestLoad = load;
        }
      }
      return best;
    },
  };
}
