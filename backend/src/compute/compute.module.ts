import { Module } from "@nestjs/common";
import { CONFIG } from "../config/constants.js";
import { IndexerModule } from "../indexer/indexer.module.js";
import { RealtimeModule } from "../realtime/realtime.module.js";
import { ComputeController } from "./compute.controller.js";
import { ComputeMetrics } from "./compute.metrics.js";
import { ComputeService } from "./compute.service.js";
import { defaultLoadBalancerFactory, LOAD_BALANCER_FACTORY } from "./load-balancer-factory.js";

/**
 * The compute plane: provisions Active bookings (local processes), one load balancer and one
 * auto-scaler per booking, task placement, REST + socket.io (through the realtime gateway) + Prometheus. The decision sink comes
 * from the receipts module when present (`DECISION_SINK`), else decisions stay in memory.
 */
@Module({
  imports: [IndexerModule, RealtimeModule],
  controllers: [ComputeController],
  providers: [
    ComputeService,
    ComputeMetrics,
    { provide: LOAD_BALANCER_FACTORY, useFactory: defaultLoadBalancerFactory, inject: [CONFIG] },
  ],
  exports: [ComputeService],
})
export class ComputeModule {}
