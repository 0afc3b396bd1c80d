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
      const route = req.route?.path ? `${req.baseUrl ?? ""}${String(req.route.path)}` : "unmatched";
      this.metrics.httpRequestDuration.observe(
        { method: req.method, route, status_code: String(res.statusCode) },
        (performance.now() - start) / 1_000,
      );
    });
    next();
  }
}
