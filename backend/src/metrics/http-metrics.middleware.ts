import { Inject, Injectable, type NestMiddleware } from "@nestjs/common";
import type { NextFunction, Request, Response } from "express";
import { MetricsService } from "./metrics.service.js";

/**
 * Times every HTTP request, including those refused by guards or pipes and unknown routes (which
 * an interceptor would not see), labelled by the matched route pattern (`/bookings/:id/access`),
 * never the raw URL, so the label set stays bounded.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(MetricsService) private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const start = performance.now();
    res.once("finish", () => {
      const route = routePattern(req);
      this.metrics.httpRequestDuration.observe(
        { method: req.method, route, status_code: String(res.statusCode) },
        (performance.now() - start) / 1_000,
      );
    });
    next();
  }
}

/** Nest answers unknown paths from a catch-all route (`{/*splat}`): those are "unmatched". */
const CATCH_ALL = /^\{?\/?\*/;

function routePattern(req: Request): string {
  const path = req.route?.path as unknown;
  if (typeof path !== "string" || CATCH_ALL.test(path)) return "unmatched";
  return `${req.baseUrl ?? ""}${path}`;
}
