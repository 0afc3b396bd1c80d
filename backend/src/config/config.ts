import { randomBytes } from "node:crypto";
import { plainToInstance } from "class-transformer";
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync } from "class-validator";

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
}

/** A configuration problem, with one line per bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const INTEGER_KEYS = new Set([
  "PORT",
  "AUTH_RATE_LIMIT_PER_MINUTE",
  "INDEXER_CHUNK_BLOCKS",
  "INDEXER_POLL_MS",
  "INDEXER_CONFIRMATIONS",
  "READY_MAX_LAG_BLOCKS",
  "JWT_TTL_SECONDS",
  "SIWE_NONCE_TTL_SECONDS",
]);

/**
 * Reads the configuration from `env` (only the known keys; empty strings count as unset).
 * @throws {ConfigError} naming every invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): BackendConfig {
  const defaults = new BackendConfig();
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(defaults).concat(["DATABASE_URL", "DEPLOYMENT_FILE"])) {
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
    problems.push(`${error.property}: ${Object.values(error.constraints ?? {}).join("; ")}`);
  }
  if (config.NODE_ENV === "production" && !env.JWT_SECRET) {
    problems.push("JWT_SECRET: required when NODE_ENV=production (at least 32 characters)");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
