import { Agent, request } from "undici";
import type { HealthCheckOptions } from "./options.js";
import type { Upstream } from "./upstream.js";

/** What changed after a probe, for the load balancer to log and act on. */
export type HealthChange = { upstream: Upstream; healthy: boolean; reason: string };

/**
 * Active health checks: every `intervalMs`, a GET of each upstream's health path on its own small
 * connection pool (so a probe never waits behind traffic). `unhealthyThreshold` failures in a row
 * take an upstream out, `healthyThreshold` successes in a row bring it back.
 */
export class HealthChecker {
  private readonly agent: Agent;
  private timer?: NodeJS.Timeout;
  private readonly probing = new Set<Upstream>();

  constructor(
    private readonly options: HealthCheckOptions,
    private readonly upstreams: () => readonly Upstream[],
    private readonly onChange: (change: HealthChange) => void,
  ) {
    this.agent = new Agent({ connections: 1, keepAliveTimeout: Math.max(1_000, options.intervalMs * 2) });
  }

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.round(), this.options.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.agent.destroy();
  }

  /** Probes every upstream that is not draining (and not still being probed). */
  round(): void {
    for (const u of this.upstreams()) {
      if (u.draining || this.probing.has(u)) continue;
      this.probing.add(u);
      void this.probe(u).then((failure) => {
        this.probing.delete(u);
        this.apply(u, failure);
      });
    }
  }

  /** One probe: `undefined` when it answered 2xx/3xx in time, else why not. */
  private async probe(u: Upstream): Promise<string | undefined> {
    const { timeoutMs } = this.options;
    try {
      const res = await request(`${u.origin}${u.healthPath}`, {
        dispatcher: this.agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        headers: { "user-agent": "dcx-lb-health" },
      });
      await res.body.dump();
      return res.statusCode < 400 ? undefined : `health check answered ${res.statusCode}`;
    } catch (error) {
      return `health check failed: ${(error as Error).message}`;
    }
  }

  private apply(u: Upstream, failure: string | undefined): void {
    if (u.draining) return;
    if (failure === undefined) {
      u.probeFailures = 0;
      u.probeSuccesses++;
      if (!u.healthy && u.probeSuccesses >= this.options.healthyThreshold) {
        u.healthy = true;
        this.onChange({ upstream: u, healthy: true, reason: `${u.probeSuccesses} health checks passed` });
      }
    } else {
      u.probeSuccesses = 0;
      u.probeFailures++;
      if (u.healthy && u.probeFailures >= this.options.unhealthyThreshold) {
        u.healthy = false;
        this.onChange({ upstream: u, healthy: false, reason: `${failure} (${u.probeFailures} in a row)` });
      }
    }
  }
}
