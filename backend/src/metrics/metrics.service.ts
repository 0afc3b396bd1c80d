import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from "@nestjs/common";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Subscription } from "rxjs";
import { IndexerService } from "../indexer/indexer.service.js";

/**
 * The backend's Prometheus metrics, named like Ponder's: `dcx_<area>_<what>_<unit>`, plus the
 * default process and Node.js metrics. One registry per application (not prom-client's global
 * one), so several backends can live in one process (tests, benchmarks).
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();

  // http
  readonly httpRequestDuration = new Histogram({
    name: "dcx_http_request_duration_seconds",
    help: "HTTP request duration by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  // indexer
  readonly indexerEvents = new Counter({
    name: "dcx_indexer_events_indexed_total",
    help: "Contract events committed to the index since start, by contract and event",
    labelNames: ["contract", "event"] as const,
    registers: [this.registry],
  });
  readonly indexerBatchRate = new Gauge({
    name: "dcx_indexer_batch_events_per_second",
    help: "Events per second of the last committed batch (events / time since the previous commit); rate(dcx_indexer_events_indexed_total) for averages",
    registers: [this.registry],
  });
  readonly indexerReorgs = new Counter({
    name: "dcx_indexer_reorgs_total",
    help: "Chain reorganisations rolled back",
    registers: [this.registry],
  });
  readonly indexerReorgDepth = new Histogram({
    name: "dcx_indexer_reorg_depth_blocks",
    help: "Blocks rolled back per reorganisation",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });

  // realtime
  readonly realtimeConnections = new Gauge({
    name: "dcx_realtime_connections",
    help: "Open socket.io connections",
    registers: [this.registry],
  });
  readonly realtimeMessages = new Counter({
    name: "dcx_realtime_messages_total",
    help: "Messages broadcast to socket.io rooms, by event",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });

  private subscription?: Subscription;
  private lastCommitAt = performance.now();

  constructor(@Inject(IndexerService) private readonly indexer: IndexerService) {
    collectDefaultMetrics({ register: this.registry });
    const status = () => this.indexer.status();
    const gauge = (name: string, help: string, read: () => bigint | number | undefined) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const value = read();
          if (value !== undefined) this.set(Number(value));
        },
      });
    gauge(
      "dcx_indexer_indexed_block",
      "Last block whose events are committed to the index",
      () => status().indexedBlock,
    );
    gauge(
      "dcx_indexer_indexed_timestamp_seconds",
      "Timestamp of the last indexed block",
      () => status().indexedTimestamp,
    );
    gauge("dcx_chain_head_block", "Chain head as last seen by the indexer", () => status().chainHead);
    gauge("dcx_indexer_lag_blocks", "Chain head minus indexed block", () => status().lagBlocks);
    gauge("dcx_indexer_backfilling", "1 while the indexer is more than one chunk behind the head", () =>
      status().backfilling ? 1 : 0,
    );
  }

  onModuleInit(): void {
    this.subscription = this.indexer.events$.subscribe((event) => {
      if (event.type === "reorg") {
        this.indexerReorgs.inc();
        this.indexerReorgDepth.observe(event.depth);
        return;
      }
      const now = performance.now();
      const seconds = (now - this.lastCommitAt) / 1_000;
      this.lastCommitAt = now;
      this.indexerBatchRate.set(seconds > 0 ? event.events.length / seconds : 0);
      const counts = new Map<string, { contract: string; event: string; n: number }>();
      for (const e of event.events) {
        const key = `${e.contract}:${e.eventName}`;
        const entry = counts.get(key) ?? { contract: e.contract, event: e.eventName, n: 0 };
        entry.n += 1;
        counts.set(key, entry);
      }
      for (const { contract, event: name, n } of counts.values()) this.indexerEvents.inc({ contract, event: name }, n);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
