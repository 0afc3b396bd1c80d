import { Module } from "@nestjs/common";
import { IndexerModule } from "../indexer/indexer.module.js";
import { HealthController } from "./health.controller.js";
import { HealthService } from "./health.service.js";

@Module({ imports: [IndexerModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
