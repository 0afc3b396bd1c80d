import type { DecisionSink } from "../../receipts/scheduling-decision.js";
import { type LbAlgorithm, lbAlgorithms } from "../types.js";

/** Active health checks: each upstream's `healthPath` is probed every `intervalMs`. */
export type HealthCheckOptions = {
  /** Probe period in ms; 0 turns active checks off. Default 2 000. */
  intervalMs: number;
  /** A probe that has not answered 2xx/3xx within this many ms failed. Default 1 000. */
  timeoutMs: number;
  /** Consecutive failed probes that mark a healthy upstream unhealthy ("fall"). Default 3. */
  unhealthyThreshold: number;
  /** Consecutive good probes that bring an unhealthy upstream back ("rise"). Default 2. */
  healthyThreshold: number;
};

/** Passive outlier detection, as Envoy's: upstreams that keep failing are taken out for a while. */
export type OutlierOptions = {
  /** Consecutive 5xx answers or connection failures that eject an upstream. Default 5. A refused connection ejects at once. */
  consecutiveFailures: number;
  /** First ejection time in ms; the n-th ejection of the same upstream lasts n times this. Default 5 000. */
  baseEjectionMs: number;
  /** Longest ejection in ms. Default 300 000. */
  maxEjectionMs: number;
  /** Never eject more than this share of the upstreams, in [0, 1]. Default 0.5. */
  maxEjectedShare: number;
  /** Panic mode: when fewer than this share of upstreams is routable, route to all of them (ejected and unhealthy too), in [0, 1]. Default 0.5. */
  panicThreshold: number;
};

/** Circuit breaking, per booking: what is over these limits is answered 503 at once rather than piling up. */
export type CircuitOptions = {
  /** Requests in flight to the upstreams together. Default 1 024. */
  maxInFlight: number;
  /** Requests in flight to one upstream (its connection pool's size); over it, requests wait in the queue. Default 128. */
  maxPerUpstream: number;
  /** Requests waiting for a slot (all upstreams busy, or none up). Over it: 503. Default 1 024. */
  maxPending: number;
  /** A queued request gets 503 after waiting this many ms. Default 10 000. */
  queueTimeoutMs: number;
};

/** Retries of idempotent requests without a body on another upstream, after connection failures only. */
export type RetryOptions = {
  /** Retries per request. Default 2; 0 turns retries off. */
  maxRetries: number;
  /** Backoff before the n-th retry: `baseBackoffMs × 2^(n-1)`, jittered by ±50 %. Default 10. */
  baseBackoffMs: number;
  /** Retry budget: retries in progress may reach this share of the active requests... Default 0.2. */
  budgetRatio: number;
  /** ...or this many, whichever is larger. Default 3. */
  minConcurrent: number;
};

/** Per-client (by IP) token bucket. */
export type RateLimitOptions = {
  /** Sustained requests per second per client; 0 turns rate limiting off (the default). */
  rps: number;
  /** Bucket size (requests a client may send at once). Default 2 × rps. */
  burst: number;
};

/** Everything a {@link LoadBalancer} can be told; every field has a default (see each type). */
export type LoadBalancerOptions = {
  bookingId: bigint;
  algorithm: LbAlgorithm;
  /** Every routing decision is recorded here (one `route` decision per attempt). */
  decisionSink?: DecisionSink;
  healthCheck: HealthCheckOptions;
  outlier: OutlierOptions;
  circuit: CircuitOptions;
  retry: RetryOptions;
  rateLimit: RateLimitOptions;
  /** Slow start of upstreams added without their own `slowStartMs`, in ms. Default 0 (none). */
  slowStartMs: number;
  /** Share of traffic a new upstream gets at the start of its slow start, in (0, 1]. Default 0.1. */
  slowStartMinWeight: number;
  /** An upstream must send response headers within this many ms, and body chunks no further apart. Default 60 000. */
  upstreamTimeoutMs: number;
  /** Idle keep-alive connections to upstreams are closed after this many ms. Default 30 000. */
  upstreamKeepAliveMs: number;
  /** Idle keep-alive client connections are closed after this many ms. Default 65 000. */
  clientKeepAliveMs: number;
  /** Window of `rps` and latency percentiles in the snapshot, in whole seconds. Default 5. */
  windowSeconds: number;
  /** Directory where the Q-learning router keeps its table (`q-learning-<booking>.json`); unset: memory only. */
  stateDir?: string;
};

/** What callers pass: the booking, the rest optional (nested groups may be partial). */
export type LoadBalancerInit = { bookingId: bigint; algorithm?: LbAlgorithm; decisionSink?: DecisionSink } & {
  [
    K in Exclude<keyof LoadBalancerOptions, "bookingId" | "algorithm" | "decisionSink">
  ]?: LoadBalancerOptions[K] extends object ? Partial<LoadBalancerOptions[K]> : LoadBalancerOptions[K];
};

/** Thrown by {@link resolveOptions} for an out-of-range option, naming it. */
export class LoadBalancerOptionsError extends Error {
  override name = "LoadBalancerOptionsError";
}

function check(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new LoadBalancerOptionsError(
      `load balancer option ${name} must be a number in [${min}, ${max}], got ${value}`,
    );
  }
  return value;
}

/** Fills the defaults in and checks every number, so a bad setting fails at creation with its name. */
export function resolveOptions(init: LoadBalancerInit): LoadBalancerOptions {
  const algorithm = init.algorithm ?? "least-conn";
  if (!lbAlgorithms.includes(algorithm)) {
    throw new LoadBalancerOptionsError(`unknown load balancing algorithm ${String(algorithm)}`);
  }
  const rps = init.rateLimit?.rps ?? 0;
  const options: LoadBalancerOptions = {
    bookingId: init.bookingId,
    algorithm,
    decisionSink: init.decisionSink,
    healthCheck: {
      intervalMs: 2_000,
      timeoutMs: 1_000,
      unhealthyThreshold: 3,
      healthyThreshold: 2,
      ...init.healthCheck,
    },
    outlier: {
      consecutiveFailures: 5,
      baseEjectionMs: 5_000,
      maxEjectionMs: 300_000,
      maxEjectedShare: 0.5,
      panicThreshold: 0.5,
      ...init.outlier,
    },
    circuit: { maxInFlight: 1_024, maxPerUpstream: 128, maxPending: 1_024, queueTimeoutMs: 10_000, ...init.circuit },
    retry: { maxRetries: 2, baseBackoffMs: 10, budgetRatio: 0.2, minConcurrent: 3, ...init.retry },
    rateLimit: { rps, burst: init.rateLimit?.burst ?? Math.max(1, 2 * rps) },
    slowStartMs: init.slowStartMs ?? 0,
    slowStartMinWeight: init.slowStartMinWeight ?? 0.1,
    upstreamTimeoutMs: init.upstreamTimeoutMs ?? 60_000,
    upstreamKeepAliveMs: init.upstreamKeepAliveMs ?? 30_000,
    clientKeepAliveMs: init.clientKeepAliveMs ?? 65_000,
    windowSeconds: init.windowSeconds ?? 5,
    stateDir: init.stateDir,
  };
  const { healthCheck: h, outlier: o, circuit: c, retry: r, rateLimit: l } = options;
  check("healthCheck.intervalMs", h.intervalMs, 0, 3_600_000);
  check("healthCheck.timeoutMs", h.timeoutMs, 1, 600_000);
  check("healthCheck.unhealthyThreshold", h.unhealthyThreshold, 1, 1_000);
  check("healthCheck.healthyThreshold", h.healthyThreshold, 1, 1_000);
  check("outlier.consecutiveFailures", o.consecutiveFailures, 1, 1_000_000);
  check("outlier.baseEjectionMs", o.baseEjectionMs, 0, 86_400_000);
  check("outlier.maxEjectionMs", o.maxEjectionMs, o.baseEjectionMs, 86_400_000);
  check("outlier.maxEjectedShare", o.maxEjectedShare, 0, 1);
  check("outlier.panicThreshold", o.panicThreshold, 0, 1);
  check("circuit.maxInFlight", c.maxInFlight, 1);
  check("circuit.maxPerUpstream", c.maxPerUpstream, 1, 65_536);
  check("circuit.maxPending", c.maxPending, 0);
  check("circuit.queueTimeoutMs", c.queueTimeoutMs, 1, 3_600_000);
  check("retry.maxRetries", r.maxRetries, 0, 10);
  check("retry.baseBackoffMs", r.baseBackoffMs, 0, 60_000);
  check("retry.budgetRatio", r.budgetRatio, 0, 1);
  check("retry.minConcurrent", r.minConcurrent, 0);
  check("rateLimit.rps", l.rps, 0);
  check("rateLimit.burst", l.burst, 1);
  check("slowStartMs", options.slowStartMs, 0, 3_600_000);
  check("slowStartMinWeight", options.slowStartMinWeight, 0.001, 1);
  check("upstreamTimeoutMs", options.upstreamTimeoutMs, 1, 3_600_000);
  check("upstreamKeepAliveMs", options.upstreamKeepAliveMs, 1, 3_600_000);
  check("clientKeepAliveMs", options.clientKeepAliveMs, 1, 3_600_000);
  check("windowSeconds", options.windowSeconds, 1, 60);
  return options;
}
