import { Global, Module } from "@nestjs/common";
import { IndexerModule } from "../indexer/indexer.module.js";
import { RealtimeModule } from "../realtime/realtime.module.js";
import { AnchorService } from "./anchor.service.js";
import { ReceiptsMetrics } from "./receipts.metrics.js";
import { ReceiptsService } from "./receipts.service.js";
import { ReceiptsStore } from "./receipts.store.js";
import { DECISION_SINK } from "./scheduling-decision.js";

/**
 * Scheduling receipts: the application's {@link DECISION_SINK} (batching decisions into Merkle
 * trees) and their anchoring on-chain. Global, so the compute plane injects `DECISION_SINK` without
 * importing it. Reads for auditors are in `api/receipts`.
 */
@Global()
@Module({
  imports: [IndexerModule, RealtimeModule],
  providers: [
    ReceiptsStore,
    ReceiptsMetrics,
    AnchorService,
    ReceiptsService,
    { provide: DECISION_SINK, useExisting: ReceiptsService },
  ],
  exports: [DECISION_SINK, ReceiptsService],
})
export class ReceiptsModule {}
