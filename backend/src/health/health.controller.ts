import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from "@nestjs/common";
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from "@nestjs/swagger";
import type { Response } from "express";
import { Public } from "../auth/public.decorator.js";
import { HealthService, type Readiness } from "./health.service.js";

@ApiTags("operations")
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  /** Liveness: the process answers. */
  @Get("health")
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: "The process is alive." })
  live(): { status: "ok" } {
    return { status: "ok" };
  }

  /** Readiness: database reachable, chain reachable, indexer lag under the bound. */
  @Get("ready")
  @ApiOkResponse({ description: "Ready to serve." })
  @ApiServiceUnavailableResponse({ description: "A dependency is down or the index lags; the body says which." })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const readiness = await this.health.readiness();
    if (!readiness.ready) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return readiness;
  }
}
