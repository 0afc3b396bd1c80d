import { Inject, Injectable } from "@nestjs/common";
import { Counter, Gauge, Histogram } from "prom-client";
import { MetricsService } from "../metrics/metrics.service.js";

/** What the metrics read from the sink on each scrape (so the hot path only bumps plain numbers). */
export type ReceiptsCounters = { recorded(): number; aggregated(): number; queueDepth(): number };

/**
 * The receipts module's Prometheus series (`dcx_receipts_*`), in the application's registry.
 * Counters the request path touches are read at scrape time from plain numbers ({@link bind}).
 */
@Injectable()
export class ReceiptsMetrics {
  readonly batched: Counter;
  readonly anchored: Counter;
  readonly rejected: Counter;
  readonly unanchored: Counter<"provider">;
  readonly anchorFailures: Counter;
  readonly anchorDuration: Histogram;
  readonly treeBuildDuration: Histogram;
  private counters?: ReceiptsCounters;

  constructor(@Inject(MetricsService) metrics: MetricsService) {
    const registers = [metrics.registry];
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Counter({
      name: "dcx_receipts_recorded_total",
      help: "Scheduling decisions recorded through the sink",
      registers,
      collect() {
        this.reset();
        this.inc(self.counters?.recorded() ?? 0);
      },
    });
    new Counter({
      name: "dcx_receipts_aggregated_total",
      help: "Decisions folded into an aggregate receipt under overload (each counted in that receipt's `decisions`)",
      registers,
      collect() {
        this.reset();
        this.inc(self.counters?.aggregated() ?? 0);
      },
    });
    new Gauge({
      name: "dcx_receipts_queue_depth",
      help: "Decisions recorded and not yet stored in a tree (queued, being hashed, or in an open batch)",
      registers,
      collect() {
        this.set(self.counters?.queueDepth() ?? 0);
      },
    });
    this.batched = new Counter({
      name: "dcx_receipts_batched_total",
      help: "Receipts stored in a closed batch (Merkle tree)",
      registers,
    });
    this.anchored = new Counter({
      name: "dcx_receipts_anchored_total",
      help: "Receipts whose batch root is anchored on-chain and indexed",
      registers,
    });
    this.rejected = new Counter({
      name: "dcx_receipts_rejected_total",
      help: "Decisions that could not become a receipt (invalid fields), logged",
      registers,
    });
    this.unanchored = new Counter({
      name: "dcx_receipts_unanchored_total",
      help: "Receipts stored unanchored because no scheduler key serves their provider",
      labelNames: ["provider"] as const,
      registers,
    });
    this.anchorFailures = new Counter({
      name: "dcx_receipts_anchor_failures_total",
      help: "Failed anchoring attempts (retried with backoff)",
      registers,
    });
    this.anchorDuration = new Histogram({
      name: "dcx_receipts_anchor_duration_seconds",
      help: "From a batch stored to its BatchAnchored event indexed",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
    this.treeBuildDuration = new Histogram({
      name: "dcx_receipts_tree_build_duration_seconds",
      help: "Building one batch's Merkle tree (in the worker)",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /** Where the scrape-time series read from. */
  bind(counters: ReceiptsCounters): void {
    this.counters = counters;
  }
}
