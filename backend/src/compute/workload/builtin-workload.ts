/**
 * The built-in HTTP workload, run as its own process by the local provisioner (and by the load
 * balancer's tests and benchmarks): `node dist/src/compute/workload/builtin-workload.js`.
 *
 * Environment: `PORT` (required), `SERVICE_TIME_MS`, `SERVICE_TIME_JITTER_MS`, `CPU_MS`, `MEMORY_MB`,
 * `FAILURE_RATE`, `INSTANCE_ID`. Every request spins the CPU for `CPU_MS`, then answers after
 * `SERVICE_TIME_MS` (± jitter); a `FAILURE_RATE` share of requests get HTTP 500.
 *
 * Routes: `GET /healthz` (200 unless the workload is marked unhealthy), `GET|PUT /__workload`
 * (read or change the parameters at run time, e.g. to make an instance degrade mid-run), anything
 * else is the workload. Request bodies are read fully and their size echoed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

type Parameters = {
  serviceTimeMs: number;
  serviceTimeJitterMs: number;
  cpuMs: number;
  memoryMb: number;
  failureRate: number;
  healthy: boolean;
};

function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    process.stderr.write(`builtin-workload: ${name} must be a number in [${min}, ${max}], got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const port = numberFromEnv("PORT", Number.NaN, 1, 65_535);
if (Number.isNaN(port)) {
  process.stderr.write("builtin-workload: PORT is required\n");
  process.exit(2);
}
const instanceId = process.env.INSTANCE_ID ?? `pid-${process.pid}`;
const parameters: Parameters = {
  serviceTimeMs: numberFromEnv("SERVICE_TIME_MS", 0, 0, 600_000),
  serviceTimeJitterMs: numberFromEnv("SERVICE_TIME_JITTER_MS", 0, 0, 600_000),
  cpuMs: numberFromEnv("CPU_MS", 0, 0, 60_000),
  memoryMb: numberFromEnv("MEMORY_MB", 0, 0, 65_536),
  failureRate: numberFromEnv("FAILURE_RATE", 0, 0, 1),
  healthy: true,
};

/** Resident memory the workload holds: allocated and touched, so it counts in the RSS. */
let ballast: Buffer[] = [];
function holdMemory(mb: number): void {
  ballast = [];
  for (let i = 0; i < mb; i++) ballast.push(Buffer.alloc(1024 * 1024, 1));
}
holdMemory(parameters.memoryMb);

function spin(ms: number): void {
  if (ms <= 0) return;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: this is the CPU cost the workload is configured to have
  }
}

let inFlight = 0;
let served = 0;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => done(Buffer.concat(chunks)));
}

function updateParameters(body: Buffer, res: ServerResponse): void {
  let patch: Record<string, unknown>;
  try {
    patch = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
  } catch {
    return sendJson(res, 400, { message: "body must be JSON" });
  }
  const limits: Record<string, [number, number]> = {
    serviceTimeMs: [0, 600_000],
    serviceTimeJitterMs: [0, 600_000],
    cpuMs: [0, 60_000],
    memoryMb: [0, 65_536],
    failureRate: [0, 1],
  };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "healthy") {
      if (typeof value !== "boolean") return sendJson(res, 400, { message: "healthy must be a boolean" });
      continue;
    }
    const range = limits[key];
    if (!range) return sendJson(res, 400, { message: `unknown parameter ${key}` });
    if (typeof value !== "number" || !Number.isFinite(value) || value < range[0] || value > range[1]) {
      return sendJson(res, 400, { message: `${key} must be a number in [${range[0]}, ${range[1]}]` });
    }
  }
  const previousMemory = parameters.memoryMb;
  Object.assign(parameters, patch);
  if (parameters.memoryMb !== previousMemory) holdMemory(parameters.memoryMb);
  sendJson(res, 200, parameters);
}

const server = createServer((req, res) => {
  const path = req.url ?? "/";
  if (path === "/healthz") {
    return sendJson(res, parameters.healthy ? 200 : 503, { instanceId, inFlight, served });
  }
  if (path === "/__workload") {
    if (req.method === "PUT") return readBody(req, (body) => updateParameters(body, res));
    return sendJson(res, 200, parameters);
  }
  inFlight++;
  readBody(req, (body) => {
    spin(parameters.cpuMs);
    const jitter = parameters.serviceTimeJitterMs * Math.random();
    const reply = () => {
      inFlight--;
      served++;
      if (Math.random() < parameters.failureRate) return sendJson(res, 500, { instanceId, error: "injected failure" });
      sendJson(res, 200, { instanceId, method: req.method, path, bytes: body.length });
    };
    const wait = parameters.serviceTimeMs + jitter;
    if (wait > 0) setTimeout(reply, wait);
    else reply();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1");

function shutdown(): void {
  // Stop accepting, let in-flight requests finish, then exit.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
