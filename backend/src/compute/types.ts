/**
 * Shared types of the compute plane: the provisioner, the load balancer and the auto-scaler talk to
 * each other only through these.
 */

/** The built-in HTTP workload: each request costs `cpuMsPerRequest` of busy CPU, then waits `serviceTimeMs`. */
export type BuiltinWorkloadSpec = {
  kind: "builtin";
  /** Time a request spends waiting (I/O-like), in milliseconds. */
  serviceTimeMs: number;
  /** Uniform jitter added to the service time, in milliseconds (0 for none). */
  serviceTimeJitterMs?: number;
  /** Busy CPU per request (a real spin on the instance's event loop), in milliseconds. */
  cpuMsPerRequest: number;
  /** Memory the instance holds resident (allocated and touched at start), in MiB. */
  memoryMb: number;
  /** Share of requests answered with HTTP 500, in [0, 1]. */
  failureRate: number;
};

/** A consumer-given command. It must listen on the port passed in `$PORT` (or `portEnv`). */
export type CommandWorkloadSpec = {
  kind: "command";
  /** Executable (absolute path or on PATH); run without a shell. */
  command: string;
  args: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Name of the environment variable carrying the port to listen on (default `PORT`). */
  portEnv?: string;
  /** Path probed by health checks (default `/`). */
  healthPath?: string;
};

export type WorkloadSpec = BuiltinWorkloadSpec | CommandWorkloadSpec;

/** What one instance may use, from the booked resource. */
export type InstanceLimits = {
  /** CPU cores of the booked resource (per instance). */
  cpuCores: number;
  /** Memory of the booked resource (per instance), in MiB. */
  memoryMb: number;
};

export type InstanceSpec = {
  bookingId: bigint;
  workload: WorkloadSpec;
  limits: InstanceLimits;
};

export type InstanceState = "starting" | "ready" | "draining" | "stopped" | "crashed";

/** A running (or finished) instance. `id` is short (≤ 31 bytes) because receipts carry it as bytes32. */
export type Instance = {
  id: string;
  bookingId: bigint;
  host: string;
  port: number;
  pid: number;
  /** Unix milliseconds. */
  startedAt: number;
  state: InstanceState;
};

/** Measured usage of an instance's process (from /proc), not declared figures. */
export type InstanceStats = {
  /** CPU used since the previous sample, in cores (1 = one core busy). */
  cpu: number;
  /** Resident set size, in bytes. */
  memoryBytes: number;
  uptimeMs: number;
};

export type StopOptions = {
  /** Wait for in-flight work to finish (the load balancer drains first) before signalling. */
  drain: boolean;
  /** SIGTERM, then SIGKILL after this many milliseconds. */
  timeoutMs?: number;
};

/** Runs instances somewhere. The default runs local processes; others (Kubernetes) later. */
export interface Provisioner {
  readonly name: string;
  /** Starts an instance and resolves once it answers its health path. */
  start(spec: InstanceSpec): Promise<Instance>;
  stop(instance: Instance, options: StopOptions): Promise<void>;
  stats(instance: Instance): Promise<InstanceStats>;
  /** Called when an instance exits without being stopped. Returns an unsubscribe function. */
  onCrash(listener: (instance: Instance, exit: { code: number | null; signal: string | null }) => void): () => void;
}

/** The load balancing algorithms, by the short name receipts carry. */
export const lbAlgorithms = [
  "round-robin",
  "least-conn",
  "p2c",
  "least-loaded",
  "urgency",
  "weighted-history",
  "q-learning",
] as const;
export type LbAlgorithm = (typeof lbAlgorithms)[number];

/** Task placement algorithms (a subset of the routing family). */
export const placementAlgorithms = ["round-robin", "least-loaded", "urgency", "weighted-history"] as const;
export type PlacementAlgorithm = (typeof placementAlgorithms)[number];

/** Where an upstream stands in its load balancer. Only `healthy` upstreams take new requests (`warming` ones take a slow-start share). */
export type UpstreamState = "warming" | "healthy" | "unhealthy" | "ejected" | "draining";

/** One upstream as its load balancer sees it now. */
export type UpstreamSnapshot = {
  id: string;
  host: string;
  port: number;
  state: UpstreamState;
  inFlight: number;
  /** Requests completed (any status) and of those, errors (5xx or connection failures). */
  requests: number;
  errors: number;
  /** Exponentially weighted moving average of response time, in milliseconds. */
  latencyEwmaMs: number;
  /** Last measured usage fed by {@link BookingLoadBalancer.updateLoad}. */
  cpu: number;
  memoryBytes: number;
  /** Slow-start share in [0, 1] (1 once warmed up). */
  weight: number;
};

/** Cumulative Prometheus-style histogram: `counts[i]` requests took ≤ `bounds[i]` seconds. */
export type DurationHistogram = { bounds: number[]; counts: number[]; sum: number; count: number };

export type LbStatsSnapshot = {
  bookingId: bigint;
  algorithm: LbAlgorithm;
  /** Unix milliseconds of the snapshot. */
  at: number;
  /** Requests per second over the last few seconds. */
  rps: number;
  /** Latency percentiles over the last few seconds, in milliseconds (0 when idle). */
  latencyMs: { p50: number; p90: number; p99: number };
  requestsTotal: number;
  /** Completed requests by status class ("2xx", "3xx", "4xx", "5xx"). */
  byCodeClass: Record<string, number>;
  duration: DurationHistogram;
  rateLimited: number;
  retries: number;
  /** Requests refused by the circuit breaker (503). */
  overflowed: number;
  openConnections: number;
  /** Requests waiting for an upstream slot. */
  pending: number;
  upstreams: UpstreamSnapshot[];
};

/** One reverse proxy in front of one booking's instances. */
export interface BookingLoadBalancer {
  readonly bookingId: bigint;
  readonly algorithm: LbAlgorithm;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:<port>`). */
  listen(options?: { host?: string; port?: number }): Promise<string>;
  /** Stops listening and closes upstream pools. */
  close(): Promise<void>;
  /** Adds an instance; it warms up (slow start) over `slowStartMs`. */
  addUpstream(
    upstream: { id: string; host: string; port: number; healthPath?: string },
    options?: { slowStartMs?: number },
  ): void;
  /** Stops routing new requests to the upstream, waits for its in-flight requests (at most `timeoutMs`), removes it. */
  drainUpstream(id: string, options?: { timeoutMs?: number }): Promise<void>;
  /** Switches the algorithm without dropping in-flight or queued requests. */
  setAlgorithm(algorithm: LbAlgorithm): void;
  /** Feeds measured usage of an instance (for least-loaded, weighted-history and the scaler). */
  updateLoad(id: string, stats: InstanceStats): void;
  snapshot(): LbStatsSnapshot;
}
