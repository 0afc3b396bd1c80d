import { Pool } from "undici";
import type { UpstreamSnapshot, UpstreamState } from "../types.js";

/** Smoothing of the fast latency average (recent behaviour: routing, the snapshot). */
const FAST_ALPHA = 0.2;
/** Smoothing of the slow averages (history: weighted-history's score). */
const SLOW_ALPHA = 0.02;
/** Smoothing of the recent failure rate: a few failures in a row show at once. */
const RECENT_ERROR_ALPHA = 0.25;

/** How an upstream's connection pool is sized and timed. */
export type UpstreamPoolOptions = { connections: number; keepAliveMs: number; timeoutMs: number };

/**
 * One instance behind a load balancer: its keep-alive connection pool, its counters and the states
 * the health checker, the outlier detector, slow start and draining put it in. Plain mutable
 * fields, read and written on the request path without allocation.
 */
export class Upstream {
  readonly origin: string;
  readonly pool: Pool;
  inFlight = 0;
  requests = 0;
  errors = 0;
  /** Fast EWMA of response time (ms); 0 until the first response. */
  latencyEwmaMs = 0;
  /** Slow EWMA of response time (ms): the upstream's history. */
  latencySlowMs = 0;
  /** Slow EWMA of the failure indicator, in [0, 1]. */
  errorRate = 0;
  /** Fast EWMA of the failure indicator, in [0, 1]: what the upstream does now. */
  recentErrorRate = 0;
  /** Sum of the start times of the attempts in flight (mean age of those requests without a list). */
  private inFlightStartSum = 0;
  /** When the last attempt on it ended (`performance.now()` ms), 0 before the first. */
  lastFinishedAt = 0;
  cpu = 0;
  memoryBytes = 0;
  /** Active health: false after `unhealthyThreshold` failed probes until `healthyThreshold` good ones. */
  healthy = true;
  probeFailures = 0;
  probeSuccesses = 0;
  /** Passive outlier detection. */
  consecutiveFailures = 0;
  ejections = 0;
  ejectedUntil = 0;
  draining = false;
  /** Resolves a pending `drainUpstream` once the last in-flight request ends. */
  onDrained?: () => void;
  /** Slow start: while true, `weight()` may be below 1. */
  warming: boolean;
  private readonly addedAt: number;

  constructor(
    readonly id: string,
    readonly host: string,
    readonly port: number,
    readonly healthPath: string,
    private readonly slowStartMs: number,
    private readonly minWeight: number,
    pool: UpstreamPoolOptions,
  ) {
    this.origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    this.pool = new Pool(this.origin, {
      connections: pool.connections,
      pipelining: 1,
      keepAliveTimeout: pool.keepAliveMs,
      keepAliveMaxTimeout: pool.keepAliveMs,
      headersTimeout: pool.timeoutMs,
      bodyTimeout: pool.timeoutMs,
    });
    this.addedAt = performance.now();
    this.warming = slowStartMs > 0;
  }

  /** Slow-start share in [minWeight, 1], growing linearly over `slowStartMs` (1 once warmed up). */
  weight(now: number): number {
    if (!this.warming) return 1;
    const w = (now - this.addedAt) / this.slowStartMs;
    if (w >= 1) {
      this.warming = false;
      return 1;
    }
    return w < this.minWeight ? this.minWeight : w;
  }

  /** Ejected by the outlier detector at `now` (lifts the ejection once its time is over). */
  ejected(now: number): boolean {
    if (this.ejectedUntil === 0) return false;
    if (now < this.ejectedUntil) return true;
    this.ejectedUntil = 0;
    return false;
  }

  /** Takes new requests (not counting slow start's share, panic mode or the concurrency limit). */
  routable(now: number): boolean {
    return !this.draining && this.healthy && !this.ejected(now);
  }

  /** An attempt started at `now` (the load balancer counts `inFlight` itself). */
  attemptStarted(now: number): void {
    this.inFlightStartSum += now;
  }

  /** The attempt started at `startedAt` ended (call after `inFlight` was decremented). */
  attemptFinished(startedAt: number, now: number): void {
    this.inFlightStartSum = this.inFlight === 0 ? 0 : this.inFlightStartSum - startedAt;
    this.lastFinishedAt = now;
  }

  /**
   * Response time to expect from this upstream now (ms): its recent latency, or twice the mean age of
   * the requests it holds when that is more. A stalled upstream answers nothing, so its EWMA would
   * stay as good as it was while traffic piles onto it; the in-flight age grows at once (in a steady
   * state the mean age of the requests in flight is about half the latency).
   */
  expectedLatencyMs(now: number): number {
    const pending = this.pendingLatencyMs(now);
    return pending > this.latencyEwmaMs ? pending : this.latencyEwmaMs;
  }

  /** Twice the mean age of the requests in flight (ms), 0 when none: see {@link expectedLatencyMs}. */
  pendingLatencyMs(now: number): number {
    return this.inFlight === 0 ? 0 : 2 * (now - this.inFlightStartSum / this.inFlight);
  }

  /**
   * Accounts a finished attempt (latency of the whole response, in ms). A failure never makes the
   * latency look better: fast 5xx answers would otherwise draw traffic to a broken upstream.
   */
  record(latencyMs: number, failed: boolean): void {
    this.requests++;
    if (failed) {
      this.errors++;
      this.consecutiveFailures++;
      this.errorRate += SLOW_ALPHA * (1 - this.errorRate);
      this.recentErrorRate += RECENT_ERROR_ALPHA * (1 - this.recentErrorRate);
      if (latencyMs < this.latencyEwmaMs) latencyMs = this.latencyEwmaMs;
    } else {
      this.consecutiveFailures = 0;
      this.errorRate -= SLOW_ALPHA * this.errorRate;
      this.recentErrorRate -= RECENT_ERROR_ALPHA * this.recentErrorRate;
    }
    if (this.latencyEwmaMs === 0) {
      this.latencyEwmaMs = latencyMs;
      this.latencySlowMs = latencyMs;
    } else {
      this.latencyEwmaMs += FAST_ALPHA * (latencyMs - this.latencyEwmaMs);
      this.latencySlowMs += SLOW_ALPHA * (latencyMs - this.latencySlowMs);
    }
  }

  state(now: number): UpstreamState {
    if (this.draining) return "draining";
    if (this.ejected(now)) return "ejected";
    if (!this.healthy) return "unhealthy";
    return this.weight(now) < 1 ? "warming" : "healthy";
  }

  snapshot(now: number): UpstreamSnapshot {
    return {
      id: this.id,
      host: this.host,
      port: this.port,
      state: this.state(now),
      inFlight: this.inFlight,
      requests: this.requests,
      errors: this.errors,
      latencyEwmaMs: this.latencyEwmaMs,
      cpu: this.cpu,
      memoryBytes: this.memoryBytes,
      weight: this.weight(now),
    };
  }
}
