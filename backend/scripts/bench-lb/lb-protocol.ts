import type { InstanceStats, LbAlgorithm, LbStatsSnapshot } from "../../src/compute/types.js";

/** An upstream as the benchmark hands it to the load balancer. */
export type BenchUpstream = { id: string; host: string; port: number };

/** Parent → load balancer process. */
export type ToLb =
  | { type: "start"; bookingId: bigint; algorithm: LbAlgorithm; upstreams: BenchUpstream[] }
  | { type: "load"; id: string; stats: InstanceStats }
  | { type: "snapshot" }
  | { type: "close" };

/** Load balancer process → parent. */
export type FromLb =
  | { type: "ready"; url: string }
  | { type: "snapshot"; snapshot: LbStatsSnapshot; decisions: number }
  | { type: "error"; message: string };
