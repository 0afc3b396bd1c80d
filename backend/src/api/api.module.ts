import { Module } from "@nestjs/common";
import { IndexerModule } from "../indexer/indexer.module.js";
import { BookingsController } from "./bookings/bookings.controller.js";
import { BookingsService } from "./bookings/bookings.service.js";
import { ChainStatusController } from "./chain-status/chain-status.controller.js";
import { ChainStatusService } from "./chain-status/chain-status.service.js";
import { EventsController } from "./events/events.controller.js";
import { EventsService } from "./events/events.service.js";
import { GovernanceController } from "./governance/governance.controller.js";
import { GovernanceService } from "./governance/governance.service.js";
import { ProvidersController } from "./providers/providers.controller.js";
import { ProvidersService } from "./providers/providers.service.js";
import { ReceiptSchedulersService } from "./receipts/receipt-schedulers.service.js";
import { ReceiptsController } from "./receipts/receipts.controller.js";
import { ReceiptsService } from "./receipts/receipts.service.js";
import { ResourcesController } from "./resources/resources.controller.js";
import { ResourcesService } from "./resources/resources.service.js";
import { SlaController } from "./sla/sla.controller.js";
import { SlaService } from "./sla/sla.service.js";

/**
 * The public read API (REST + OpenAPI) over the index: one folder per resource. Reads only; time-
 * derived values use the indexed chain time (`ChainStatusService.now()`).
 */
@Module({
  imports: [IndexerModule],
  controllers: [
    ResourcesController,
    ProvidersController,
    BookingsController,
    SlaController,
    ReceiptsController,
    GovernanceController,
    EventsController,
    ChainStatusController,
  ],
  providers: [
    ChainStatusService,
    ResourcesService,
    ProvidersService,
    BookingsService,
    SlaService,
    ReceiptsService,
    ReceiptSchedulersService,
    GovernanceService,
    EventsService,
  ],
  exports: [ChainStatusService],
})
export class ApiModule {}
