import { randomBytes } from "node:crypto";
import { plainToInstance } from "class-transformer";
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from "class-validator";
import { lbAlgorithms, placementAlgorithms } from "../compute/types.js";

/**
 * Every environment variable the backend reads. Validated once at start; a bad value stops the
 * process with a message naming the variable (see `main.ts`, exit code 2).
 */
export class BackendConfig {
  /** HTTP port of the API, socket.io and metrics. */
  @IsInt() @Min(0) @Max(65535) readonly PORT: number = 4000;
  /** Interface to listen on. */
  @IsString() readonly HOST: string = "127.0.0.1";
  /** PostgreSQL server URL; when unset an embedded PGlite database is used. */
  @IsOptional() @IsString() readonly DATABASE_URL?: string;
  /** PGlite data directory, or `memory://` for a throw-away database. */
  @IsString() readonly PGLITE_DATA_DIR: string = ".data/pglite";
  /** JSON-RPC endpoint of the chain. */
  @IsUrl({ require_tld: false, protocols: ["http", "https", "ws", "wss"] }) readonly RPC_URL: string =
    "http://127.0.0.1:8545";
  /** Deployment file (`deployments/<chainId>.json`); defaults to the repository's one for the RPC's chain id. */
  @IsOptional() @IsString() readonly DEPLOYMENT_FILE?: string;
  /** Blocks per `eth_getLogs` request during backfill (halved automatically when a node refuses a range). */
  @IsInt() @Min(1) @Max(100_000) readonly INDEXER_CHUNK_BLOCKS: number = 2_000;
  /** How often to poll for new blocks, in milliseconds. */
  @IsInt() @Min(10) @Max(60_000) readonly INDEXER_POLL_MS: number = 200;
  /** Blocks to stay behind the head (0 follows the head; reorgs are rolled back either way). */
  @IsInt() @Min(0) @Max(1_000) readonly INDEXER_CONFIRMATIONS: number = 0;
  /** `/ready` fails when the indexer is more than this many blocks behind the head. */
  @IsInt() @Min(0) readonly READY_MAX_LAG_BLOCKS: number = 20;
  /** Secret that signs session tokens. Required when NODE_ENV=production; otherwise random per start. */
  @IsString() @MinLength(32) readonly JWT_SECRET: string = randomBytes(32).toString("hex");
  /** Session token lifetime in seconds. */
  @IsInt() @Min(60) @Max(86_400) readonly JWT_TTL_SECONDS: number = 900;
  /** The domain (host[:port]) Sign-In with Ethereum messages must name: the web app's. */
  @IsString() readonly SIWE_DOMAIN: string = "localhost:3000";
  /** Sign-in requests (`/auth/nonce`, `/auth/verify`) one client may make per minute; more get HTTP 429. */
  @IsInt() @Min(1) @Max(100_000) readonly AUTH_RATE_LIMIT_PER_MINUTE: number = 30;
  /** How long a sign-in nonce stays valid, in seconds. */
  @IsInt() @Min(10) @Max(3_600) readonly SIWE_NONCE_TTL_SECONDS: number = 300;
  /** Origins allowed by CORS and socket.io, comma-separated. */
  @IsString() readonly CORS_ORIGINS: string = "http://localhost:3000,http://127.0.0.1:3000";
  /** fatal, error, warn, info, debug or trace. */
  @IsIn(["fatal", "error", "warn", "info", "debug", "trace", "silent"]) readonly LOG_LEVEL: string = "info";
  @IsIn(["development", "production", "test"]) readonly NODE_ENV: string = "development";

  // receipts
  /** A provider's open batch of receipts closes at this many receipts... */
  @IsInt() @Min(1) @Max(1_000_000) readonly RECEIPTS_BATCH_SIZE: number = 2_048;
  /** ...or this many seconds after its first receipt, whichever comes first. */
  @IsInt() @Min(1) @Max(86_400) readonly RECEIPTS_BATCH_SECONDS: number = 10;
  /**
   * Scheduler private keys, comma-separated (0x + 64 hex digits each). Each anchors the batches of
   * the provider that authorized it (`ReceiptRegistry.providerOf`); never logged.
   */
  @IsOptional() @IsString() readonly RECEIPTS_SCHEDULER_KEYS?: string;
  /** Decisions waiting to be hashed before overload aggregation starts (see `receipts/README.md`). */
  @IsInt() @Min(100) @Max(10_000_000) readonly RECEIPTS_QUEUE_MAX: number = 200_000;
  /** Base URL of this backend as auditors reach it; anchored batches point at `<url>/receipts/batches/<root>/receipts`. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ["http", "https"] }) readonly RECEIPTS_PUBLIC_URL?: string;
  /** Hash receipts and build trees in a worker thread (`true`) or on the main thread (`false`, for comparison). */
  @IsIn(["true", "false"]) readonly RECEIPTS_WORKER: string = "true";

  // ---- compute plane (provisioner, load balancer, auto-scaler; see src/compute/README.md) ----
  /** Run the compute plane: provision Active bookings of {@link COMPUTE_PROVIDERS}. */
  @IsIn(["true", "false"]) readonly COMPUTE_ENABLED: string = "true";
  /** Provider addresses this node serves, comma-separated, or `*` for every provider. */
  @Matches(/^(\*|0x[0-9a-fA-F]{40}(\s*,\s*0x[0-9a-fA-F]{40})*)$/, {
    message: "COMPUTE_PROVIDERS must be * or comma-separated 0x addresses",
  })
  readonly COMPUTE_PROVIDERS: string = "*";
  /** Load balancing algorithm of a new booking. */
  @IsIn([...lbAlgorithms]) readonly COMPUTE_LB_ALGORITHM: string = "least-conn";
  /** Task placement algorithm of a new booking. */
  @IsIn([...placementAlgorithms]) readonly COMPUTE_PLACEMENT_ALGORITHM: string = "least-loaded";
  /** Default built-in workload: wait per request (ms), busy CPU per request (ms), resident memory (MiB). */
  @IsInt() @Min(0) @Max(60_000) readonly COMPUTE_DEFAULT_SERVICE_TIME_MS: number = 10;
  @IsInt() @Min(0) @Max(10_000) readonly COMPUTE_DEFAULT_CPU_MS: number = 1;
  @IsInt() @Min(0) @Max(65_536) readonly COMPUTE_DEFAULT_MEMORY_MB: number = 16;
  /** Auto-scaler targets: CPU utilisation of an instance's limit (percent) and requests in flight per instance. */
  @IsInt() @Min(1) @Max(100) readonly COMPUTE_SCALER_TARGET_CPU_PERCENT: number = 60;
  @IsInt() @Min(1) @Max(10_000) readonly COMPUTE_SCALER_TARGET_INFLIGHT: number = 4;
  /** How often the auto-scaler decides, and how long a scale-down must be recommended throughout first (ms). */
  @IsInt() @Min(100) @Max(60_000) readonly COMPUTE_SCALER_INTERVAL_MS: number = 1_000;
  @IsInt() @Min(0) @Max(3_600_000) readonly COMPUTE_SCALE_DOWN_WINDOW_MS: number = 30_000;
  /** A new instance is left out of the scaler's metrics (and slow-started by the load balancer) this long. */
  @IsInt() @Min(0) @Max(600_000) readonly COMPUTE_WARMUP_MS: number = 2_000;
  /** Instance stats (CPU, RSS) sampling interval, also the `compute.stats` realtime interval (ms). */
  @IsInt() @Min(100) @Max(60_000) readonly COMPUTE_STATS_INTERVAL_MS: number = 1_000;
  /** An instance must answer its health path within this (ms), else it is killed. */
  @IsInt() @Min(100) @Max(300_000) readonly COMPUTE_START_TIMEOUT_MS: number = 10_000;
  /** Draining waits for in-flight requests this long; SIGTERM → SIGKILL after the stop timeout (ms). */
  @IsInt() @Min(0) @Max(600_000) readonly COMPUTE_DRAIN_TIMEOUT_MS: number = 10_000;
  @IsInt() @Min(100) @Max(600_000) readonly COMPUTE_STOP_TIMEOUT_MS: number = 5_000;
  /** Requests per second one client (IP) may send to a booking's endpoint, bursts of twice that; more get 429. 0: no limit. */
  @IsInt() @Min(0) @Max(1_000_000) readonly COMPUTE_LB_RATE_LIMIT_RPS: number = 0;
  /** Directory where each booking's Q-learning routing table is saved (on close and algorithm switch); unset: memory only. */
  @IsOptional() @IsString() readonly COMPUTE_LB_STATE_DIR?: string;
  // ---- end of compute plane ----
}

/** A configuration problem, with one line per bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Compute plane variables that are integers. */
const COMPUTE_INTEGER_KEYS = [
  "COMPUTE_DEFAULT_SERVICE_TIME_MS",
  "COMPUTE_DEFAULT_CPU_MS",
  "COMPUTE_DEFAULT_MEMORY_MB",
  "COMPUTE_SCALER_TARGET_CPU_PERCENT",
  "COMPUTE_SCALER_TARGET_INFLIGHT",
  "COMPUTE_SCALER_INTERVAL_MS",
  "COMPUTE_SCALE_DOWN_WINDOW_MS",
  "COMPUTE_WARMUP_MS",
  "COMPUTE_STATS_INTERVAL_MS",
  "COMPUTE_START_TIMEOUT_MS",
  "COMPUTE_DRAIN_TIMEOUT_MS",
  "COMPUTE_STOP_TIMEOUT_MS",
  "COMPUTE_LB_RATE_LIMIT_RPS",
];

const INTEGER_KEYS = new Set([
  "PORT",
  "AUTH_RATE_LIMIT_PER_MINUTE",
  "INDEXER_CHUNK_BLOCKS",
  "INDEXER_POLL_MS",
  "INDEXER_CONFIRMATIONS",
  "READY_MAX_LAG_BLOCKS",
  "JWT_TTL_SECONDS",
  "SIWE_NONCE_TTL_SECONDS",
  "RECEIPTS_BATCH_SIZE",
  "RECEIPTS_BATCH_SECONDS",
  "RECEIPTS_QUEUE_MAX",
  ...COMPUTE_INTEGER_KEYS,
]);

/** Optional keys: absent from a default instance, so listed here to be read. */
const OPTIONAL_KEYS = [
  "DATABASE_URL",
  "DEPLOYMENT_FILE",
  "RECEIPTS_SCHEDULER_KEYS",
  "RECEIPTS_PUBLIC_URL",
  "COMPUTE_LB_STATE_DIR",
];

/**
 * Reads the configuration from `env` (only the known keys; empty strings count as unset).
 * @throws {ConfigError} naming every invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): BackendConfig {
  const defaults = new BackendConfig();
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(defaults).concat(OPTIONAL_KEYS)) {
    const value = env[key];
    if (value === undefined || value === "") continue;
    if (INTEGER_KEYS.has(key)) {
      if (!/^-?\d+$/.test(value.trim())) {
        problems.push(`${key}: expected an integer, got "${value}"`);
        continue;
      }
      raw[key] = Number(value.trim());
    } else raw[key] = value;
  }
  const config = plainToInstance(BackendConfig, { ...defaults, ...raw });
  for (const error of validateSync(config, { forbidUnknownValues: false })) {
    // Never echo a secret back: the validator messages name the property only.
    problems.push(`${error.property}: ${Object.values(error.constraints ?? {}).join("; ")}`);
  }
  const keyProblem = schedulerKeysProblem(config.RECEIPTS_SCHEDULER_KEYS);
  if (keyProblem) problems.push(`RECEIPTS_SCHEDULER_KEYS: ${keyProblem}`);
  if (config.NODE_ENV === "production" && !env.JWT_SECRET) {
    problems.push("JWT_SECRET: required when NODE_ENV=production (at least 32 characters)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The private keys of `RECEIPTS_SCHEDULER_KEYS` (validated by {@link loadConfig}). */
export function schedulerKeys(config: BackendConfig): `0x${string}`[] {
  const raw = config.RECEIPTS_SCHEDULER_KEYS?.trim();
  if (!raw) return [];
  return raw.split(",").map((k) => k.trim().toLowerCase() as `0x${string}`);
}

/** Why the key list is invalid (without quoting any key), or undefined. */
function schedulerKeysProblem(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const keys = raw.split(",").map((k) => k.trim());
  const bad = keys.findIndex((k) => !/^0x[0-9a-fA-F]{64}$/.test(k) || /^0x0{64}$/.test(k));
  if (bad >= 0) return `entry ${bad + 1} is not a private key (0x followed by 64 hex digits)`;
  if (new Set(keys.map((k) => k.toLowerCase())).size !== keys.length) return "a key is listed twice";
  return undefined;
}
