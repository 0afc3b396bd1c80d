import { Logger } from "@nestjs/common";
import type { DecisionSink } from "../receipts/scheduling-decision.js";
import { decide, type Recommendation, type ScaleDecision, type ScaleMetric } from "./autoscaler/decide.js";
import { TaskPlacer } from "./placement/task-placer.js";
import type {
  BookingLoadBalancer,
  Instance,
  InstanceStats,
  LbAlgorithm,
  LbStatsSnapshot,
  PlacementAlgorithm,
  Provisioner,
  WorkloadSpec,
} from "./types.js";

/** The booked resource, per instance, and how many instances it allows. */
export type BookingLimits = { cpuMillicores: number; memoryMb: number; capacity: number };

/** The auto-scaler's settings for one booking (targets and bounds; the consumer may change them). */
export type ScalerSettings = {
  /** CPU utilisation of an instance's limit, in (0, 1]. */
  targetCpu: number;
  targetInFlight: number;
  min: number;
  max: number;
  tolerance: number;
  scaleDownWindowMs: number;
};

export type RuntimeTimings = {
  scalerIntervalMs: number;
  statsIntervalMs: number;
  warmupMs: number;
  drainTimeoutMs: number;
  stopTimeoutMs: number;
};

/** One scale event, as kept in the booking's history and sent as `compute.scaled`. */
export type ScaleEvent = {
  at: number;
  from: number;
  to: number;
  action: "up" | "down";
  reason: string;
  readings: ScaleDecision["readings"];
  recommendation: number;
  instances: string[];
};

export type InstanceView = {
  id: string;
  state: "warming" | "ready" | "draining";
  host: string;
  port: number;
  pid: number;
  startedAt: number;
  stats: InstanceStats;
  inFlight: number;
};

export type RuntimeEvents = {
  instance(message: {
    bookingId: string;
    instanceId: string;
    event: "started" | "crashed" | "stopped";
    reason: string;
    at: number;
  }): void;
  scaled(message: ScaleEvent & { bookingId: string }): void;
  stats(message: {
    bookingId: string;
    at: number;
    instances: InstanceView[];
    lb: Omit<LbStatsSnapshot, "bookingId" | "upstreams" | "duration">;
  }): void;
};

export type BookingRuntimeOptions = {
  bookingId: bigint;
  limits: BookingLimits;
  workload: WorkloadSpec;
  scaler: ScalerSettings;
  timings: RuntimeTimings;
  placementAlgorithm: PlacementAlgorithm;
  provisioner: Provisioner;
  lb: BookingLoadBalancer;
  sink: DecisionSink;
  events: RuntimeEvents;
};

type Member = { instance: Instance; readyAt: number; stats: InstanceStats; draining: boolean };

const HISTORY_LIMIT = 200;

/**
 * Everything the node runs for one Active booking: its instances, its load balancer, its
 * auto-scaler loop and its task placer. Changes to the set of instances (scaling, crash
 * replacement, memory-limit restarts, redeploys) run one at a time.
 */
export class BookingRuntime {
  readonly placer: TaskPlacer;
  endpoint?: string;
  private readonly logger: Logger;
  private readonly members = new Map<string, Member>();
  private readonly history: ScaleEvent[] = [];
  private recommendations: Recommendation[] = [];
  private ops: Promise<unknown> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private inFlightSum = 0;
  private inFlightSamples = 0;
  private stopped = false;
  private scaling = false;
  private lastDecision?: ScaleDecision;
  private readonly id: string;

  constructor(private readonly options: BookingRuntimeOptions) {
    this.id = options.bookingId.toString();
    this.logger = new Logger(`Compute:${this.id}`);
    this.placer = new TaskPlacer({
      bookingId: options.bookingId,
      capacity: { cpuMillicores: options.limits.cpuMillicores, memoryMb: options.limits.memoryMb },
      algorithm: options.placementAlgorithm,
      sink: options.sink,
    });
  }

  get workload(): WorkloadSpec {
    return this.options.workload;
  }

  get scaler(): ScalerSettings {
    return { ...this.options.scaler };
  }

  get limits(): BookingLimits {
    return this.options.limits;
  }

  /** Starts the load balancer and the minimum of instances, then the loops. Resolves with the endpoint. */
  async start(): Promise<string> {
    this.endpoint = await this.options.lb.listen({ host: "127.0.0.1", port: 0 });
    await this.enqueue(() => this.addInstances(this.options.scaler.min, "booking activated"));
    const { scalerIntervalMs, statsIntervalMs } = this.options.timings;
    this.timers.push(
      setInterval(() => this.sampleInFlight(), Math.max(50, Math.floor(scalerIntervalMs / 4))),
      setInterval(
        () => void this.tick().catch((e: Error) => this.logger.error(`scaler: ${e.message}`)),
        scalerIntervalMs,
      ),
      setInterval(
        () => void this.sampleStats().catch((e: Error) => this.logger.error(`stats: ${e.message}`)),
        statsIntervalMs,
      ),
    );
    return this.endpoint;
  }

  /** Drains and stops every instance, closes the load balancer. Idempotent. */
  async stop(reason: string): Promise<void> {
    if (this.stopped) return this.ops.then(() => undefined);
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.placer.close();
    const done = this.ops
      .catch(() => undefined)
      .then(async () => {
        await Promise.all([...this.members.keys()].map((id) => this.removeInstance(id, reason)));
        await this.options.lb.close();
      });
    this.ops = done;
    await done;
  }

  /** Instances as the API shows them. */
  instances(): InstanceView[] {
    const upstreams = new Map(this.options.lb.snapshot().upstreams.map((u) => [u.id, u]));
    const now = Date.now();
    return [...this.members.values()].map((m) => ({
      id: m.instance.id,
      state: m.draining ? "draining" : now < m.readyAt + this.options.timings.warmupMs ? "warming" : "ready",
      host: m.instance.host,
      port: m.instance.port,
      pid: m.instance.pid,
      startedAt: m.instance.startedAt,
      stats: m.stats,
      inFlight: upstreams.get(m.instance.id)?.inFlight ?? 0,
    }));
  }

  scaleHistory(): ScaleEvent[] {
    return [...this.history].reverse();
  }

  scalerState() {
    return {
      ...this.options.scaler,
      current: this.members.size,
      lastDecision: this.lastDecision ?? null,
    };
  }

  lbSnapshot(): LbStatsSnapshot {
    return this.options.lb.snapshot();
  }

  setAlgorithm(algorithm: LbAlgorithm): void {
    this.options.lb.setAlgorithm(algorithm);
  }

  /** Changes the scaler's targets and bounds (already validated against the booking's capacity). */
  setScaler(patch: Partial<ScalerSettings>): ScalerSettings {
    Object.assign(this.options.scaler, patch);
    this.recommendations = [];
    return this.scaler;
  }

  /** Runs `workload` instead: as many new instances as now run are started, then the old ones drained and stopped. */
  redeploy(workload: WorkloadSpec): Promise<void> {
    return this.enqueue(async () => {
      const old = [...this.members.keys()];
      const previous = this.options.workload;
      this.options.workload = workload;
      try {
        await this.addInstances(Math.max(old.length, this.options.scaler.min), "workload redeployed");
      } catch (error) {
        this.options.workload = previous;
        throw error;
      }
      await Promise.all(old.map((id) => this.removeInstance(id, "workload redeployed")));
    });
  }

  /** An instance of this booking exited unexpectedly: drop it and start a replacement. */
  crashed(instance: Instance, exit: { code: number | null; signal: string | null }): void {
    const member = this.members.get(instance.id);
    if (!member || this.stopped) return;
    member.draining = true;
    const reason = `exited unexpectedly (code ${exit.code}, signal ${exit.signal})`;
    this.emitInstance(instance.id, "crashed", reason);
    void this.enqueue(async () => {
      await this.forget(instance.id, 0);
      if (this.stopped) return;
      await this.addInstances(Math.max(1, this.options.scaler.min - this.members.size), `replacing ${instance.id}`);
    }).catch((e: Error) => this.logger.error(`replacing ${instance.id} failed: ${e.message}`));
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.ops.catch(() => undefined).then(op);
    this.ops = next.catch(() => undefined);
    return next;
  }

  private async addInstances(count: number, reason: string): Promise<string[]> {
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        this.options.provisioner.start({
          bookingId: this.options.bookingId,
          workload: this.options.workload,
          limits: { cpuCores: this.options.limits.cpuMillicores / 1_000, memoryMb: this.options.limits.memoryMb },
        }),
      ).map((p) =>
        p.then(
          (i) => ({ ok: true as const, instance: i }),
          (error: Error) => ({ ok: false as const, error }),
        ),
      ),
    );
    const ids: string[] = [];
    for (const result of started) {
      if (!result.ok) continue;
      const { instance } = result;
      if (this.stopped) {
        await this.options.provisioner.stop(instance, { drain: false, timeoutMs: this.options.timings.stopTimeoutMs });
        continue;
      }
      this.members.set(instance.id, {
        instance,
        readyAt: Date.now(),
        stats: { cpu: 0, memoryBytes: 0, uptimeMs: 0 },
        draining: false,
      });
      this.options.lb.addUpstream(
        { id: instance.id, host: instance.host, port: instance.port, healthPath: this.healthPath() },
        { slowStartMs: this.options.timings.warmupMs },
      );
      this.placer.addInstance(instance.id);
      ids.push(instance.id);
      this.emitInstance(instance.id, "started", reason);
    }
    const failure = started.find((r) => !r.ok);
    if (failure && !failure.ok) {
      this.logger.warn(`${count - ids.length} of ${count} instances failed to start: ${failure.error.message}`);
      if (ids.length === 0) throw failure.error;
    }
    return ids;
  }

  /** Drains an instance in the load balancer, then stops its process. */
  private async removeInstance(id: string, reason: string): Promise<void> {
    const member = this.members.get(id);
    if (!member) return;
    member.draining = true;
    this.placer.removeInstance(id);
    await this.options.lb.drainUpstream(id, { timeoutMs: this.options.timings.drainTimeoutMs });
    await this.options.provisioner.stop(member.instance, {
      drain: true,
      timeoutMs: this.options.timings.stopTimeoutMs,
    });
    this.members.delete(id);
    this.emitInstance(id, "stopped", reason);
  }

  /** Removes a dead instance from the load balancer and the books (nothing to stop). */
  private async forget(id: string, drainTimeoutMs: number): Promise<void> {
    this.placer.removeInstance(id);
    this.members.delete(id);
    await this.options.lb.drainUpstream(id, { timeoutMs: drainTimeoutMs });
  }

  private healthPath(): string {
    const w = this.options.workload;
    return w.kind === "builtin" ? "/healthz" : (w.healthPath ?? "/");
  }

  private readyMembers(now = Date.now()): Member[] {
    const warmup = this.options.timings.warmupMs;
    return [...this.members.values()].filter((m) => !m.draining && now >= m.readyAt + warmup);
  }

  private sampleInFlight(): void {
    const ready = new Set(this.readyMembers().map((m) => m.instance.id));
    if (ready.size === 0) return;
    const snapshot = this.options.lb.snapshot();
    let total = snapshot.pending;
    for (const u of snapshot.upstreams) if (ready.has(u.id)) total += u.inFlight;
    this.inFlightSum += total;
    this.inFlightSamples++;
  }

  /** One auto-scaler round: measure, decide, act. */
  private async tick(): Promise<void> {
    if (this.stopped || this.scaling) return;
    const now = Date.now();
    const ready = this.readyMembers(now);
    const current = [...this.members.values()].filter((m) => !m.draining).length;
    const s = this.options.scaler;
    const inFlight = this.inFlightSamples > 0 ? this.inFlightSum / this.inFlightSamples : 0;
    this.inFlightSum = 0;
    this.inFlightSamples = 0;
    const cpuCores = this.options.limits.cpuMillicores / 1_000;
    const metrics: ScaleMetric[] =
      ready.length === 0
        ? []
        : [
            { name: "cpu", total: ready.reduce((sum, m) => sum + m.stats.cpu / cpuCores, 0), target: s.targetCpu },
            { name: "inflight", total: inFlight, target: s.targetInFlight },
          ];
    const window = now - s.scaleDownWindowMs;
    this.recommendations = this.recommendations.filter((r) => r.at > window);
    const decision = decide({
      now,
      current,
      ready: ready.length,
      metrics,
      min: s.min,
      max: s.max,
      tolerance: s.tolerance,
      scaleDownWindowMs: s.scaleDownWindowMs,
      recommendations: this.recommendations,
    });
    this.recommendations.push({ at: now, replicas: decision.recommendation });
    this.lastDecision = decision;
    if (decision.action === "none") return;
    this.scaling = true;
    try {
      await this.applyScale(decision, current, now);
    } finally {
      this.scaling = false;
    }
  }

  private async applyScale(decision: ScaleDecision, current: number, now: number): Promise<void> {
    const victims =
      decision.action === "down"
        ? this.readyMembers(now)
            .concat([...this.members.values()].filter((m) => !m.draining))
            .filter((m, i, all) => all.indexOf(m) === i)
            .sort((a, b) => b.readyAt - a.readyAt)
            .slice(0, current - decision.desired)
            .map((m) => m.instance.id)
        : [];
    this.logger.log(`scale ${decision.action} ${current} → ${decision.desired}: ${decision.reason}`);
    this.options.sink.record({
      bookingId: this.options.bookingId,
      kind: "scale",
      instanceId: victims[0] ?? "",
      algorithm: "hpa",
      inputs: {
        from: current,
        to: decision.desired,
        recommendation: decision.recommendation,
        readings: decision.readings,
        settings: this.options.scaler,
        victims,
      },
      at: now,
    });
    const instances =
      decision.action === "up"
        ? await this.enqueue(() => this.addInstances(decision.desired - current, `scale up: ${decision.reason}`))
        : (await this.enqueue(() =>
            Promise.all(victims.map((id) => this.removeInstance(id, `scale down: ${decision.reason}`))),
          ),
          victims);
    const event: ScaleEvent = {
      at: now,
      from: current,
      to: decision.desired,
      action: decision.action as "up" | "down",
      reason: decision.reason,
      readings: decision.readings,
      recommendation: decision.recommendation,
      instances,
    };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    this.options.events.scaled({ bookingId: this.id, ...event });
  }

  /** Samples every instance's CPU and RSS, feeds the load balancer and the placer, enforces the memory limit, publishes. */
  private async sampleStats(): Promise<void> {
    if (this.stopped) return;
    const limitBytes = this.options.limits.memoryMb * 1024 * 1024;
    const cpuCores = this.options.limits.cpuMillicores / 1_000;
    await Promise.all(
      [...this.members.values()].map(async (m) => {
        m.stats = await this.options.provisioner.stats(m.instance);
        this.options.lb.updateLoad(m.instance.id, m.stats);
        this.placer.updateLoad(m.instance.id, m.stats.cpu / cpuCores);
        if (m.stats.memoryBytes > limitBytes && !m.draining) this.restartOverMemory(m, limitBytes);
      }),
    );
    const snapshot = this.options.lb.snapshot();
    this.options.events.stats({
      bookingId: this.id,
      at: Date.now(),
      instances: this.instances(),
      lb: {
        algorithm: snapshot.algorithm,
        at: snapshot.at,
        rps: snapshot.rps,
        latencyMs: snapshot.latencyMs,
        requestsTotal: snapshot.requestsTotal,
        byCodeClass: snapshot.byCodeClass,
        rateLimited: snapshot.rateLimited,
        retries: snapshot.retries,
        overflowed: snapshot.overflowed,
        openConnections: snapshot.openConnections,
        pending: snapshot.pending,
      },
    });
  }

  private restartOverMemory(member: Member, limitBytes: number): void {
    const { id } = member.instance;
    const reason = `memory ${Math.round(member.stats.memoryBytes / 1_048_576)} MiB over the limit of ${limitBytes / 1_048_576} MiB: restarted`;
    member.draining = true;
    this.logger.warn(`instance ${id} ${reason}`);
    this.options.sink.record({
      bookingId: this.options.bookingId,
      kind: "scale",
      instanceId: id,
      algorithm: "memory-limit",
      inputs: { memoryBytes: member.stats.memoryBytes, limitBytes, action: "restart" },
      at: Date.now(),
    });
    void this.enqueue(async () => {
      if (this.stopped) return;
      await this.addInstances(1, `replacing ${id}: ${reason}`);
      await this.removeInstance(id, reason);
    }).catch((e: Error) => this.logger.error(`restarting ${id} failed: ${e.message}`));
  }

  private emitInstance(instanceId: string, event: "started" | "crashed" | "stopped", reason: string): void {
    this.options.events.instance({ bookingId: this.id, instanceId, event, reason, at: Date.now() });
  }
}
