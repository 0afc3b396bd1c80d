import "reflect-metadata";
import { type INestApplication, ValidationPipe } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { DocumentBuilder, SwaggerModule } from "@nestjs/swagger";
import { Logger } from "nestjs-pino";
import { AppModule } from "./app.module.js";
import { QuietFrameworkLogger } from "./common/logging/quiet-framework.logger.js";
import type { BackendConfig } from "./config/config.js";
import { DcxIoAdapter } from "./realtime/adapters/io.adapter.js";

/**
 * Builds the Nest application (not yet listening): global validation, CORS, OpenAPI at `/docs`.
 * Used by `main.ts` and by the e2e tests, so both run the same wiring.
 */
export async function createApp(config: BackendConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config), { bufferLogs: true });
  app.useLogger(new QuietFrameworkLogger(app.get(Logger), ["debug", "trace"].includes(config.LOG_LEVEL)));
  const origins = config.CORS_ORIGINS.split(",").map((o) => o.trim());
  app.enableCors({ origin: origins, credentials: true });
  app.useWebSocketAdapter(new DcxIoAdapter(app, origins));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle("D-CloudX API")
      .setDescription("Index of the D-CloudX contracts, Sign-In with Ethereum sessions, and operations.")
      .setVersion("0.1.0")
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup("docs", app, document, { jsonDocumentUrl: "docs/json" });
  return app;
}
