import { Module } from "@nestjs/common";
import { IndexerModule } from "../indexer/indexer.module.js";
import { EventsGateway } from "./events.gateway.js";
import { RealtimeService } from "./realtime.service.js";

/**
 * Live chain events over socket.io. Scaling out to several processes is a matter of the adapter
 * (`adapters/io.adapter.ts`), not of the gateway; note that every process also runs an indexer, so
 * a shared adapter needs one publishing process (or per-process rooms).
 */
@Module({
  imports: [IndexerModule],
  providers: [EventsGateway, RealtimeService],
  exports: [RealtimeService, EventsGateway],
})
export class RealtimeModule {}
