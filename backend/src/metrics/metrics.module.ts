import { Global, type MiddlewareConsumer, Module, type NestModule } from "@nestjs/common";
import { IndexerModule } from "../indexer/indexer.module.js";
import { HttpMetricsMiddleware } from "./http-metrics.middleware.js";
import { MetricsController } from "./metrics.controller.js";
import { MetricsService } from "./metrics.service.js";

/** Prometheus `/metrics` (public) and HTTP timing for every route. Global so features can record their own series. */
@Global()
@Module({
  imports: [IndexerModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes("*");
  }
}
