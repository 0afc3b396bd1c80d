import { Inject, Injectable, Optional } from "@nestjs/common";
import { Counter, Gauge, type Metric } from "prom-client";
import { MetricsService } from "../metrics/metrics.service.js";
import { ComputeService } from "./compute.service.js";

/**
 * The compute plane's series in the application's registry, named after Envoy/Traefik's
 * (`dcx_lb_*` per booking, `dcx_compute_*`), read from the load balancers' snapshots at scrape time.
 */
@Injectable()
export class ComputeMetrics {
  constructor(
    @Inject(ComputeService) compute: ComputeService,
    @Optional() @Inject(MetricsService) metrics?: MetricsService,
  ) {
    if (!metrics) return;
    const registers = [metrics.registry];
    const each = (fn: (id: string, runtime: NonNullable<ReturnType<ComputeService["runtime"]>>) => void) => {
      for (const id of compute.bookingIds()) {
        const runtime = compute.runtime(id);
        if (runtime) fn(id, runtime);
      }
    };
    new Counter({
      name: "dcx_lb_requests_total",
      help: "Requests completed by each booking's load balancer, by status code class",
      labelNames: ["booking", "code_class"] as const,
      registers,
      collect() {
        this.reset();
        each((id, r) => {
          for (const [codeClass, n] of Object.entries(r.lbSnapshot().byCodeClass)) {
            this.inc({ booking: id, code_class: codeClass }, n);
          }
        });
      },
    });
    new Gauge({
      name: "dcx_lb_upstream_up",
      help: "1 when an upstream (instance) takes traffic (healthy or warming), else 0",
      labelNames: ["booking", "upstream"] as const,
      registers,
      collect() {
        this.reset();
        each((id, r) => {
          for (const u of r.lbSnapshot().upstreams) {
            this.set({ booking: id, upstream: u.id }, u.state === "healthy" || u.state === "warming" ? 1 : 0);
          }
        });
      },
    });
    // The load balancers keep their own cumulative buckets (typed arrays on the request path); this
    // series exposes them as a Prometheus histogram without re-observing each request.
    const durationName = "dcx_lb_request_duration_seconds";
    const durationHelp = "Time from a request's arrival at a booking's load balancer to the end of its response";
    const duration = {
      name: durationName,
      help: durationHelp,
      type: "histogram",
      aggregator: "sum",
      reset() {},
      get() {
        const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
        each((id, r) => {
          const h = r.lbSnapshot().duration;
          h.bounds.forEach((le, i) =>
            values.push({ metricName: `${durationName}_bucket`, labels: { booking: id, le }, value: h.counts[i]! }),
          );
          values.push({ metricName: `${durationName}_bucket`, labels: { booking: id, le: "+Inf" }, value: h.count });
          values.push({ metricName: `${durationName}_sum`, labels: { booking: id }, value: h.sum });
          values.push({ metricName: `${durationName}_count`, labels: { booking: id }, value: h.count });
        });
        return { name: durationName, help: durationHelp, type: "histogram", aggregator: "sum", values };
      },
    };
    metrics.registry.registerMetric(duration as unknown as Metric);
    new Gauge({
      name: "dcx_lb_open_connections",
      help: "Open client connections of each booking's load balancer",
      labelNames: ["booking"] as const,
      registers,
      collect() {
        this.reset();
        each((id, r) => this.set({ booking: id }, r.lbSnapshot().openConnections));
      },
    });
    new Gauge({
      name: "dcx_compute_instances",
      help: "Instances each booking runs",
      labelNames: ["booking"] as const,
      registers,
      collect() {
        this.reset();
        each((id, r) => this.set({ booking: id }, r.instances().length));
      },
    });
  }
}
