import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Logger } from "@nestjs/common";
import type { Dispatcher } from "undici";
import type { BookingLoadBalancer, InstanceStats, LbAlgorithm, LbStatsSnapshot, UpstreamSnapshot } from "../types.js";
import { createAlgorithm } from "./algorithms/create-algorithm.js";
import { QLearningRouter, type QLearningState } from "./algorithms/q-learning.js";
import type { RoutingAlgorithm } from "./algorithms/routing-algorithm.js";
import { parseDeadline } from "./deadline.js";
import { type HealthChange, HealthChecker } from "./health-checker.js";
import { LbStats } from "./lb-stats.js";
import { type LoadBalancerInit, type LoadBalancerOptions, resolveOptions } from "./options.js";
import { PendingQueue } from "./pending-queue.js";
import { type ProxyOwner, ProxyRequest } from "./proxy-request.js";
import { loadQTable, saveQTable } from "./q-table-store.js";
import { RateLimiter } from "./rate-limiter.js";
import { Upstream } from "./upstream.js";

/**
 * One booking's reverse proxy (see `README.md` in this folder): undici keep-alive pools per
 * upstream, a pluggable routing algorithm, a bounded queue served FIFO or earliest deadline first,
 * active health checks, outlier ejection with panic mode, circuit breaking, budgeted retries,
 * per-client rate limiting, slow start and draining. Every routing decision goes to the decision
 * sink. The request path allocates one {@link ProxyRequest} and the header list, nothing else of
 * its own; counters are typed arrays read at snapshot time.
 */
export class LoadBalancer implements BookingLoadBalancer, ProxyOwner {
  readonly bookingId: bigint;
  readonly options: LoadBalancerOptions;
  private routing: RoutingAlgorithm;
  private readonly algorithms = new Map<LbAlgorithm, RoutingAlgorithm>();
  private list: Upstream[] = [];
  /** Candidates of the current pick (grown once, reused). */
  private readonly candidates: Upstream[] = [];
  private readonly queue: PendingQueue<ProxyRequest>;
  private readonly stats: LbStats;
  private readonly limiter?: RateLimiter;
  private readonly health: HealthChecker;
  private readonly logger: Logger;
  private readonly sink: LoadBalancerOptions["decisionSink"];
  private readonly bookingLabel: string;
  private server?: Server;
  private inFlight = 0;
  private activeRetries = 0;
  private seq = 0;
  private openConnections = 0;
  private closed = false;
  private pumpTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;

  constructor(init: LoadBalancerInit) {
    this.options = resolveOptions(init);
    this.bookingId = this.options.bookingId;
    this.bookingLabel = this.bookingId.toString();
    this.logger = new Logger(`Lb:${this.bookingLabel}`);
    this.sink = this.options.decisionSink;
    this.stats = new LbStats(this.options.windowSeconds);
    if (this.options.rateLimit.rps > 0) {
      this.limiter = new RateLimiter(this.options.rateLimit.rps, this.options.rateLimit.burst);
    }
    this.health = new HealthChecker(
      this.options.healthCheck,
      () => this.list,
      (change) => this.healthChanged(change),
    );
    if (this.options.stateDir) {
      const saved = loadQTable(this.options.stateDir, this.bookingId);
      if (saved) this.importState(saved);
    }
    this.routing = this.algorithmNamed(this.options.algorithm);
    this.queue = new PendingQueue(this.options.algorithm === "urgency");
  }

  get algorithm(): LbAlgorithm {
    return this.routing.name;
  }

  async listen(options: { host?: string; port?: number } = {}): Promise<string> {
    if (this.server) throw new Error(`load balancer of booking ${this.bookingLabel} is already listening`);
    const server = createServer({ keepAliveTimeout: this.options.clientKeepAliveMs }, this.handle);
    server.on("connection", (socket) => {
      this.openConnections++;
      socket.once("close", () => this.openConnections--);
    });
    this.server = server;
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.health.start();
    if (this.limiter) {
      this.sweepTimer = setInterval(() => this.limiter?.sweep(performance.now()), 10_000);
      this.sweepTimer.unref();
    }
    const { port } = server.address() as AddressInfo;
    return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pumpTimer) clearInterval(this.pumpTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const p of this.queue.drain()) this.respond(p, 503, "load balancer closing", performance.now());
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await this.health.close();
    await Promise.all(this.list.map((u) => u.pool.destroy()));
    this.list = [];
    this.saveState();
  }

  addUpstream(
    upstream: { id: string; host: string; port: number; healthPath?: string },
    options: { slowStartMs?: number } = {},
  ): void {
    if (this.closed) throw new Error(`load balancer of booking ${this.bookingLabel} is closed`);
    if (this.list.some((u) => u.id === upstream.id)) throw new Error(`upstream ${upstream.id} is already added`);
    const slowStartMs = options.slowStartMs ?? this.options.slowStartMs;
    const u = new Upstream(
      upstream.id,
      upstream.host,
      upstream.port,
      upstream.healthPath ?? "/",
      slowStartMs,
      this.options.slowStartMinWeight,
      {
        connections: this.options.circuit.maxPerUpstream,
        keepAliveMs: this.options.upstreamKeepAliveMs,
        timeoutMs: this.options.upstreamTimeoutMs,
      },
    );
    this.list = [...this.list, u];
    this.pump(performance.now());
  }

  async drainUpstream(id: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const u = this.list.find((x) => x.id === id);
    if (!u) return;
    u.draining = true;
    const timeoutMs = options.timeoutMs ?? 10_000;
    let clean = u.inFlight === 0;
    if (!clean && timeoutMs > 0) {
      clean = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        u.onDrained = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
    }
    u.onDrained = undefined;
    this.list = this.list.filter((x) => x !== u);
    // In-flight requests of a pool destroyed early fail, and idempotent ones are retried elsewhere.
    await (clean ? u.pool.close() : u.pool.destroy());
  }

  setAlgorithm(algorithm: LbAlgorithm): void {
    if (algorithm === this.routing.name) return;
    this.routing = this.algorithmNamed(algorithm);
    this.queue.reorder(algorithm === "urgency");
    this.saveState();
  }

  updateLoad(id: string, stats: InstanceStats): void {
    const u = this.list.find((x) => x.id === id);
    if (!u) return;
    u.cpu = stats.cpu;
    u.memoryBytes = stats.memoryBytes;
  }

  snapshot(): LbStatsSnapshot {
    const now = performance.now();
    const window = this.stats.window(now);
    const upstreams: UpstreamSnapshot[] = this.list.map((u) => u.snapshot(now));
    return {
      bookingId: this.bookingId,
      algorithm: this.routing.name,
      at: Date.now(),
      rps: window.rps,
      latencyMs: window.latencyMs,
      requestsTotal: this.stats.requestsTotal,
      byCodeClass: this.stats.byCodeClass(),
      duration: this.stats.duration(),
      rateLimited: this.stats.rateLimited,
      retries: this.stats.retries,
      overflowed: this.stats.overflowed,
      openConnections: this.openConnections,
      pending: this.queue.length,
      upstreams,
    };
  }

  /** The Q-learning router's table (created empty if that router was never used), e.g. to save it elsewhere. */
  exportState(): QLearningState {
    return this.qLearning().exportState();
  }

  /** Restores a Q-learning table exported earlier. */
  importState(state: QLearningState): void {
    this.qLearning().importState(state);
  }

  // ---- request path ----

  private readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const now = performance.now();
    const ip = req.socket.remoteAddress ?? "";
    if (this.limiter) {
      const wait = this.limiter.take(ip, now);
      if (wait > 0) return this.rateLimited(res, wait, now);
    }
    const p = new ProxyRequest(this, req, res, now, ip);
    if (this.closed) return this.respond(p, 503, "load balancer closing", now);
    const url = req.url;
    if (url === undefined || url.charCodeAt(0) !== 47 /* "/" */) {
      return this.respond(p, 400, "request target must be a path (origin form)", now);
    }
    if (p.deadlineHeader !== undefined) {
      const deadline = parseDeadline(p.deadlineHeader, now);
      if (deadline === undefined) {
        return this.respond(
          p,
          400,
          "x-dcx-deadline-ms must be milliseconds from now (≤ 1e12) or a Unix time in milliseconds",
          now,
        );
      }
      p.deadline = deadline;
    }
    this.route(p, now);
  };

  /** Sends `p` to an upstream now, or queues it (or refuses it when the queue is full). */
  private route(p: ProxyRequest, now: number): void {
    if (this.inFlight < this.options.circuit.maxInFlight && this.queue.length === 0) {
      const n = this.pickCandidates(now, p.exclude);
      if (n > 0) return this.dispatch(p, this.routing.pick(this.candidates, n, p, now), n);
    }
    this.enqueue(p, now);
  }

  /**
   * Fills `candidates` with the upstreams that may take a request now: routable (not draining,
   * healthy, not ejected), with a free slot, not `exclude`, each warming one with a probability of
   * its slow-start weight. Panic mode (too few routable): every non-draining upstream with a slot.
   * Returns how many.
   */
  private pickCandidates(now: number, exclude: Upstream | undefined): number {
    const list = this.list;
    const max = this.options.circuit.maxPerUpstream;
    const c = this.candidates;
    let n = 0;
    let live = 0;
    let routable = 0;
    let skippedWarming = false;
    for (let i = 0; i < list.length; i++) {
      const u = list[i]!;
      if (u.draining) continue;
      live++;
      if (!u.routable(now)) continue;
      routable++;
      if (u === exclude || u.inFlight >= max) continue;
      if (u.warming) {
        const w = u.weight(now);
        if (w < 1 && Math.random() >= w) {
          skippedWarming = true;
          continue;
        }
      }
      c[n++] = u;
    }
    if (routable < this.options.outlier.panicThreshold * live) {
      n = 0;
      for (let i = 0; i < list.length; i++) {
        const u = list[i]!;
        if (!u.draining && u !== exclude && u.inFlight < max) c[n++] = u;
      }
    } else if (n === 0 && skippedWarming) {
      for (let i = 0; i < list.length; i++) {
        const u = list[i]!;
        if (u.routable(now) && u !== exclude && u.inFlight < max) c[n++] = u;
      }
    }
    if (n === 0 && exclude !== undefined && !exclude.draining && exclude.inFlight < max && exclude.routable(now)) {
      c[n++] = exclude;
    }
    return n;
  }

  private dispatch(p: ProxyRequest, u: Upstream, candidates: number): void {
    u.inFlight++;
    this.inFlight++;
    p.upstream = u;
    p.status = 0;
    const start = performance.now();
    p.attemptStart = start;
    u.attemptStarted(start);
    if (this.sink) {
      this.sink.record({
        bookingId: this.bookingId,
        kind: "route",
        instanceId: u.id,
        algorithm: this.routing.name,
        inputs: {
          inFlight: u.inFlight - 1,
          latencyMs: Math.round(u.latencyEwmaMs * 100) / 100,
          candidates,
          attempt: p.retries,
        },
        at: Date.now(),
      });
    }
    u.pool.dispatch(
      {
        path: p.req.url!,
        method: p.req.method as Dispatcher.HttpMethod,
        headers: p.headers,
        body: p.hasBody ? p.req : null,
      },
      p,
    );
  }

  attemptEnded(p: ProxyRequest, error: Error | undefined): void {
    const now = performance.now();
    const u = p.upstream!;
    p.upstream = undefined;
    u.inFlight--;
    u.attemptFinished(p.attemptStart, now);
    this.inFlight--;
    this.endRetry(p);
    if (error === undefined || !p.gone) {
      const latency = now - p.attemptStart;
      const failed = error !== undefined || p.status >= 500;
      u.record(latency, failed);
      this.routing.observe?.(u, latency, failed, p);
      if (failed) this.detectOutlier(u, error, now);
    }
    if (u.draining && u.inFlight === 0) u.onDrained?.();
    if (error === undefined) {
      p.done = true;
      this.stats.record(p.status, now - p.arrivedAt, now);
    } else if (p.gone) {
      p.done = true;
    } else if (!p.responseStarted && p.retryable && this.mayRetry(p, error)) {
      this.retry(p, u);
    } else if (!p.responseStarted) {
      this.respond(p, 502, `upstream ${u.id} failed: ${error.message}`, now);
    } else {
      // Part of the response is out: the client must see it broken, not completed.
      p.done = true;
      p.res.destroy(error);
      this.stats.record(502, now - p.arrivedAt, now);
    }
    if (this.queue.length > 0) this.pump(now);
  }

  clientGone(p: ProxyRequest): void {
    if (p.queuedIndex >= 0) {
      this.queue.remove(p);
      clearTimeout(p.queueTimer);
      this.endRetry(p);
      p.done = true;
    } else if (p.upstream) {
      p.abort(new Error("client closed the connection"));
    }
  }

  // ---- queue, retries, outliers ----

  private enqueue(p: ProxyRequest, now: number): void {
    const { maxPending, queueTimeoutMs } = this.options.circuit;
    if (this.queue.length >= maxPending) {
      this.stats.overflowed++;
      return this.respond(
        p,
        503,
        `circuit breaker open: ${this.queue.length} requests already waiting (max pending ${maxPending}), ${this.inFlight} in flight`,
        now,
      );
    }
    p.seq = this.seq++;
    this.queue.push(p);
    p.queueTimer = setTimeout(() => {
      if (p.queuedIndex < 0) return;
      this.queue.remove(p);
      this.stats.overflowed++;
      this.respond(p, 503, `no upstream could take the request within ${queueTimeoutMs} ms`, performance.now());
    }, queueTimeoutMs);
    if (!this.pumpTimer) {
      // Ejections and slow start end with time, not events: re-check the queue while it is not empty.
      this.pumpTimer = setInterval(() => this.pump(performance.now()), 50);
      this.pumpTimer.unref();
    }
    this.pump(now);
  }

  /** Moves queued requests to upstreams while there are slots (head of the queue first). */
  private pump(now: number): void {
    while (this.queue.length > 0 && this.inFlight < this.options.circuit.maxInFlight) {
      const n = this.pickCandidates(now, undefined);
      if (n === 0) break;
      const p = this.queue.shift()!;
      clearTimeout(p.queueTimer);
      p.queueTimer = undefined;
      this.dispatch(p, this.routing.pick(this.candidates, n, p, now), n);
    }
    if (this.queue.length === 0 && this.pumpTimer) {
      clearInterval(this.pumpTimer);
      this.pumpTimer = undefined;
    }
  }

  /**
   * Retry budget: retries in progress stay under `budgetRatio` of the active requests (at least
   * `minConcurrent`). A refused connection is outside the budget (the request never reached the
   * upstream, a retry costs it nothing), still within `maxRetries`.
   */
  private mayRetry(p: ProxyRequest, error: Error): boolean {
    const { maxRetries, budgetRatio, minConcurrent } = this.options.retry;
    if (p.retries >= maxRetries || this.closed) return false;
    if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") return true;
    const active = this.inFlight + this.queue.length + this.activeRetries + 1;
    return this.activeRetries < Math.max(minConcurrent, budgetRatio * active);
  }

  private retry(p: ProxyRequest, failed: Upstream): void {
    p.retries++;
    p.retrying = true;
    p.exclude = failed;
    this.activeRetries++;
    this.stats.retries++;
    const base = this.options.retry.baseBackoffMs * 2 ** (p.retries - 1);
    setTimeout(
      () => {
        if (p.gone || this.closed) {
          this.endRetry(p);
          if (!p.gone) this.respond(p, 503, "load balancer closing", performance.now());
          p.done = true;
          return;
        }
        this.route(p, performance.now());
      },
      base * (0.5 + Math.random()),
    );
  }

  private endRetry(p: ProxyRequest): void {
    if (p.retrying) {
      p.retrying = false;
      this.activeRetries--;
    }
  }

  /** Passive outlier detection: eject after consecutive failures (at once when nothing listens). */
  private detectOutlier(u: Upstream, error: Error | undefined, now: number): void {
    const refused = (error as NodeJS.ErrnoException | undefined)?.code === "ECONNREFUSED";
    if (!refused && u.consecutiveFailures < this.options.outlier.consecutiveFailures) return;
    if (u.ejected(now) || u.draining) return;
    let live = 0;
    let ejected = 0;
    for (const x of this.list) {
      if (x.draining) continue;
      live++;
      if (x.ejected(now)) ejected++;
    }
    const { maxEjectedShare, baseEjectionMs, maxEjectionMs } = this.options.outlier;
    if (ejected + 1 > Math.max(1, Math.floor(maxEjectedShare * live))) return;
    u.ejections++;
    const ms = Math.min(maxEjectionMs, baseEjectionMs * u.ejections);
    u.ejectedUntil = now + ms;
    const why = refused ? "connection refused" : `${u.consecutiveFailures} consecutive failures`;
    u.consecutiveFailures = 0;
    this.logger.warn(`upstream ${u.id} ejected for ${ms} ms (${why})`);
  }

  private healthChanged({ upstream, healthy, reason }: HealthChange): void {
    if (healthy) {
      this.logger.log(`upstream ${upstream.id} healthy again: ${reason}`);
      this.pump(performance.now());
    } else {
      this.logger.warn(`upstream ${upstream.id} unhealthy: ${reason}`);
    }
  }

  // ---- local answers ----

  private rateLimited(res: ServerResponse, retryAfter: number, now: number): void {
    this.stats.rateLimited++;
    const body = JSON.stringify({
      message: `rate limit of ${this.options.rateLimit.rps} requests/s per client exceeded; retry in ${retryAfter} s`,
    });
    res.writeHead(429, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "retry-after": String(retryAfter),
    });
    res.end(body);
    this.stats.record(429, performance.now() - now, now);
  }

  /** Answers `p` from the load balancer itself with a JSON `{ message }`. */
  private respond(p: ProxyRequest, status: number, message: string, now: number): void {
    p.done = true;
    this.stats.record(status, now - p.arrivedAt, now);
    if (p.gone || p.res.headersSent) return;
    const body = JSON.stringify({ message });
    p.res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "x-request-id": p.requestId,
    });
    p.res.end(body);
  }

  // ---- algorithms ----

  private algorithmNamed(name: LbAlgorithm): RoutingAlgorithm {
    if (name === "q-learning") return this.qLearning();
    let a = this.algorithms.get(name);
    if (!a) {
      a = createAlgorithm(name);
      this.algorithms.set(name, a);
    }
    return a;
  }

  private qLearning(): QLearningRouter {
    let q = this.algorithms.get("q-learning") as QLearningRouter | undefined;
    if (!q) {
      q = new QLearningRouter();
      this.algorithms.set("q-learning", q);
    }
    return q;
  }

  private saveState(): void {
    const q = this.algorithms.get("q-learning") as QLearningRouter | undefined;
    if (!q || !this.options.stateDir) return;
    try {
      saveQTable(this.options.stateDir, this.bookingId, q.exportState());
    } catch (error) {
      this.logger.error(`could not save the Q-learning table: ${(error as Error).message}`);
    }
  }
}

/** Makes a booking's load balancer (the compute module's factory calls this). */
export function createLoadBalancer(init: LoadBalancerInit): LoadBalancer {
  return new LoadBalancer(init);
}
