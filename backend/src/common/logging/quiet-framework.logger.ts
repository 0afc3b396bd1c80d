import type { LoggerService } from "@nestjs/common";
import type { Logger } from "nestjs-pino";

/** Nest's own start-up chatter (module wiring, route mapping): shown only at LOG_LEVEL=debug. */
const FRAMEWORK_CONTEXTS = new Set([
  "NestFactory",
  "InstanceLoader",
  "RoutesResolver",
  "RouterExplorer",
  "NestApplication",
  "WebSocketsController",
]);

/**
 * The structured pino logger, minus the framework's informational start-up lines, so the default
 * level (info) shows what an operator needs — listening address, backfill progress, reorgs — and
 * nothing else.
 */
export class QuietFrameworkLogger implements LoggerService {
  constructor(
    private readonly logger: Logger,
    private readonly showFramework: boolean,
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (!this.showFramework && typeof context === "string" && FRAMEWORK_CONTEXTS.has(context)) return;
    this.logger.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.logger.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.logger.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.logger.debug(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.logger.verbose(message, ...rest);
  }
}
