import { type DynamicModule, Module } from "@nestjs/common";
import { LoggerModule } from "nestjs-pino";
import { ApiModule } from "./api/api.module.js";
import { AuthModule } from "./auth/auth.module.js";
import { BookingsAccessModule } from "./bookings-access/bookings-access.module.js";
import { ChainModule } from "./chain/chain.module.js";
import { ComputeModule } from "./compute/compute.module.js";
import type { BackendConfig } from "./config/config.js";
import { ConfigModule } from "./config/config.module.js";
import { DatabaseModule } from "./database/database.module.js";
import { HealthModule } from "./health/health.module.js";
import { IndexerModule } from "./indexer/indexer.module.js";
import { MetricsModule } from "./metrics/metrics.module.js";
import { RealtimeModule } from "./realtime/realtime.module.js";
import { ReceiptsModule } from "./receipts/receipts.module.js";

/** The backend: one module per feature, wired to one validated configuration. */
@Module({})
export class AppModule {
  static register(config: BackendConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Request logs only when debugging: structured and quiet by default.
            autoLogging: config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace",
            quietReqLogger: true,
          },
        }),
        DatabaseModule,
        ChainModule,
        IndexerModule,
        HealthModule,
        ApiModule,
        MetricsModule,
        AuthModule,
        BookingsAccessModule,
        RealtimeModule,
        ReceiptsModule,
        ComputeModule,
      ],
    };
  }
}
