import {
  Agent,
  createServer,
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { BookingLoadBalancer, InstanceStats, LbAlgorithm, LbStatsSnapshot, UpstreamSnapshot } from "./types.js";

type Upstream = UpstreamSnapshot & { agent: Agent; draining?: () => void };

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const BOUNDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A small reverse proxy used until the full load balancer (`lb/load-balancer.ts`) is present: least
 * connections (round robin when asked), keep-alive upstream agents, one retry of idempotent
 * requests on another upstream when the connection fails, draining. No health checks, rate limits
 * or slow start: those are the full load balancer's.
 */
export class StandInLoadBalancer implements BookingLoadBalancer {
  algorithm: LbAlgorithm;
  private readonly upstreams = new Map<string, Upstream>();
  private server?: Server;
  private cursor = 0;
  private requestsTotal = 0;
  private retries = 0;
  private readonly byCodeClass: Record<string, number> = {};
  private readonly counts = BOUNDS.map(() => 0);
  private durationSum = 0;
  private recent: { at: number; ms: number }[] = [];
  private openConnections = 0;

  constructor(
    readonly bookingId: bigint,
    algorithm: LbAlgorithm = "least-conn",
  ) {
    this.algorithm = algorithm;
  }

  async listen(options: { host?: string; port?: number } = {}): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res, 0));
    server.keepAliveTimeout = 65_000;
    server.on("connection", (socket) => {
      this.openConnections++;
      socket.once("close", () => this.openConnections--);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    for (const u of this.upstreams.values()) u.agent.destroy();
    this.upstreams.clear();
  }

  addUpstream(upstream: { id: string; host: string; port: number }): void {
    this.upstreams.set(upstream.id, {
      ...upstream,
      state: "healthy",
      inFlight: 0,
      requests: 0,
      errors: 0,
      latencyEwmaMs: 0,
      cpu: 0,
      memoryBytes: 0,
      weight: 1,
      agent: new Agent({ keepAlive: true, maxSockets: 256 }),
    });
  }

  async drainUpstream(id: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const u = this.upstreams.get(id);
    if (!u) return;
    u.state = "draining";
    if (u.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.timeoutMs ?? 10_000);
        u.draining = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    u.agent.destroy();
    this.upstreams.delete(id);
  }

  setAlgorithm(algorithm: LbAlgorithm): void {
    this.algorithm = algorithm;
  }

  updateLoad(id: string, stats: InstanceStats): void {
    const u = this.upstreams.get(id);
    if (!u) return;
    u.cpu = stats.cpu;
    u.memoryBytes = stats.memoryBytes;
  }

  snapshot(): LbStatsSnapshot {
    const now = performance.now();
    this.recent = this.recent.filter((r) => now - r.at < 5_000);
    const sorted = this.recent.map((r) => r.ms).sort((a, b) => a - b);
    const pct = (p: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
    return {
      bookingId: this.bookingId,
      algorithm: this.algorithm,
      at: Date.now(),
      rps: this.recent.length / 5,
      latencyMs: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99) },
      requestsTotal: this.requestsTotal,
      byCodeClass: { ...this.byCodeClass },
      duration: { bounds: BOUNDS, counts: [...this.counts], sum: this.durationSum, count: this.requestsTotal },
      rateLimited: 0,
      retries: this.retries,
      overflowed: 0,
      openConnections: this.openConnections,
      pending: 0,
      upstreams: [...this.upstreams.values()].map(({ agent: _a, draining: _d, ...u }) => ({ ...u })),
    };
  }

  private pick(exclude?: string): Upstream | undefined {
    const candidates = [...this.upstreams.values()].filter((u) => u.state === "healthy" && u.id !== exclude);
    if (candidates.length === 0) return undefined;
    if (this.algorithm === "round-robin") return candidates[this.cursor++ % candidates.length];
    let best = candidates[this.cursor++ % candidates.length]!;
    for (const u of candidates) if (u.inFlight < best.inFlight) best = u;
    return best;
  }

  private handle(req: IncomingMessage, res: ServerResponse, attempt: number, exclude?: string): void {
    const started = performance.now();
    const upstream = this.pick(exclude);
    if (!upstream) return this.finish(res, started, 503, "no upstream available");
    upstream.inFlight++;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
    headers["x-forwarded-proto"] = "http";
    const done = (error: boolean) => {
      upstream.inFlight--;
      upstream.requests++;
      if (error) upstream.errors++;
      const ms = performance.now() - started;
      upstream.latencyEwmaMs = upstream.latencyEwmaMs === 0 ? ms : 0.8 * upstream.latencyEwmaMs + 0.2 * ms;
      if (upstream.inFlight === 0) upstream.draining?.();
    };
    const forward = httpRequest(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent: upstream.agent },
      (response) => {
        const status = response.statusCode ?? 502;
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        }
        res.writeHead(status, out);
        response.pipe(res);
        response.once("end", () => {
          done(status >= 500);
          this.count(started, status);
        });
      },
    );
    forward.once("error", () => {
      done(true);
      if (!res.headersSent && attempt === 0 && IDEMPOTENT.has(req.method ?? "")) {
        this.retries++;
        return this.handle(req, res, 1, upstream.id);
      }
      if (!res.headersSent) this.finish(res, started, 502, "upstream connection failed");
      else res.destroy();
    });
    if (attempt === 0) req.pipe(forward);
    else forward.end();
  }

  private finish(res: ServerResponse, started: number, status: number, message: string): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ message }));
    this.count(started, status);
  }

  private count(started: number, status: number): void {
    const ms = performance.now() - started;
    this.requestsTotal++;
    const cls = `${Math.floor(status / 100)}xx`;
    this.byCodeClass[cls] = (this.byCodeClass[cls] ?? 0) + 1;
    this.durationSum += ms / 1_000;
    for (let i = 0; i < BOUNDS.length; i++) if (ms / 1_000 <= BOUNDS[i]!) this.counts[i]!++;
    this.recent.push({ at: performance.now(), ms });
    if (this.recent.length > 50_000) this.recent.splice(0, 10_000);
  }
}
