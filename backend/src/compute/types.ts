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
