import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
  UnprocessableEntityException,
} from "@nestjs/common";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Subscription } from "rxjs";
import type { Session } from "../auth/session.js";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { bookings, resources } from "../database/schema.js";
import { IndexerService, type IndexerEvent } from "../indexer/indexer.service.js";
import { EventsGateway } from "../realtime/events.gateway.js";
import { GLOBAL_ROOM } from "../realtime/rooms.js";
import { DECISION_SINK, type DecisionSink, MemoryDecisionSink } from "../receipts/scheduling-decision.js";
import { BookingRuntime, type BookingLimits, type ScalerSettings } from "./booking-runtime.js";
import type { AlgorithmDto, ScalerDto, WorkloadSpecDto } from "./dto/compute.dto.js";
import { LOAD_BALANCER_FACTORY, type LoadBalancerFactory } from "./load-balancer-factory.js";
import { PlacementRejectedError } from "./placement/task-placer.js";
import type { Task, TaskRequest } from "./placement/placement.types.js";
import { LocalProcessProvisioner } from "./provisioners/local-process.provisioner.js";
import { type LbAlgorithm, type PlacementAlgorithm, placementAlgorithms, type WorkloadSpec } from "./types.js";
import { validateWorkload } from "./workload/validate-workload.js";

const CLOSING_EVENTS = new Set(["BookingCancelled", "BookingReclaimed", "BookingCompleted"]);

type BookingRow = { id: number; consumer: string; provider: string; state: string; endTime: number | null };

/**
 * The compute plane of this node: follows the index (booking Activated → provision; Completed,
 * Cancelled, Reclaimed or past its end → drain and stop), rebuilds itself from the index on boot,
 * and serves the per-booking operations of the REST API. State lives in memory only.
 */
@Injectable()
export class ComputeService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger("Compute");
  private readonly runtimes = new Map<string, BookingRuntime>();
  private readonly starting = new Map<string, Promise<void>>();
  readonly provisioner: LocalProcessProvisioner;
  private readonly sink: DecisionSink;
  private readonly providers: Set<string> | "*";
  private subscription?: Subscription;
  private queue: Promise<void> = Promise.resolve();
  private offCrash?: () => void;
  private closed = false;
  /** Unix seconds each running booking ends at, from the index. */
  private readonly endTimes = new Map<string, number>();

  constructor(
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(IndexerService) private readonly indexer: IndexerService,
    @Inject(EventsGateway) private readonly gateway: EventsGateway,
    @Inject(LOAD_BALANCER_FACTORY) private readonly createLb: LoadBalancerFactory,
    @Optional() @Inject(DECISION_SINK) sink?: DecisionSink,
  ) {
    this.sink = sink ?? new MemoryDecisionSink();
    this.provisioner = new LocalProcessProvisioner({
      startTimeoutMs: config.COMPUTE_START_TIMEOUT_MS,
      stopTimeoutMs: config.COMPUTE_STOP_TIMEOUT_MS,
    });
    const list = config.COMPUTE_PROVIDERS.trim();
    this.providers = list === "*" ? "*" : new Set(list.split(",").map((a) => a.trim().toLowerCase()));
  }

  get enabled(): boolean {
    return this.config.COMPUTE_ENABLED === "true";
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.offCrash = this.provisioner.onCrash((instance, exit) =>
      this.runtimes.get(instance.bookingId.toString())?.crashed(instance, exit),
    );
    this.subscription = this.indexer.events$.subscribe((event) => {
      this.queue = this.queue
        .then(() => this.follow(event))
        .catch((error: Error) => this.logger.error(`following the index failed: ${error.message}`));
    });
    // Rebuild from the index: every Active booking of ours gets provisioned again.
    this.queue = this.queue.then(() => this.reconcile()).catch((e: Error) => this.logger.error(`boot: ${e.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.subscription?.unsubscribe();
    this.offCrash?.();
    await this.queue;
    await Promise.allSettled([...this.starting.values()]);
    await Promise.all([...this.runtimes.values()].map((r) => r.stop("node shutting down")));
    this.runtimes.clear();
    await this.provisioner.stopAll();
  }

  /** Resolves when the index events seen so far are acted on (tests, benchmarks). */
  async idle(): Promise<void> {
    await this.queue;
    await Promise.allSettled([...this.starting.values()]);
  }

  /** Bookings this node runs. */
  bookingIds(): string[] {
    return [...this.runtimes.keys()];
  }

  /** The runtime of a booking this node runs, if any (no access check: for internal callers). */
  runtime(id: string): BookingRuntime | undefined {
    return this.runtimes.get(id);
  }

  /**
   * The booking's runtime, for a caller who must be its consumer or provider.
   * @throws NotFoundException for an unknown booking or one this node does not run; ForbiddenException for others.
   */
  async authorized(id: string, session: Session): Promise<BookingRuntime> {
    const [booking] = await this.database.db
      .select({ consumer: bookings.consumer, provider: bookings.provider })
      .from(bookings)
      .where(eq(bookings.id, Number(id)))
      .limit(1);
    if (!booking) throw new NotFoundException(`Booking ${id} not found`);
    const caller = session.address.toLowerCase();
    if (caller !== booking.consumer && caller !== booking.provider) {
      throw new ForbiddenException(`Only booking ${id}'s consumer or provider may use its compute`);
    }
    const runtime = this.runtimes.get(id);
    if (!runtime)
      throw new NotFoundException(`Booking ${id} is not running on this node (not active, or not served here)`);
    return runtime;
  }

  view(id: string, runtime: BookingRuntime) {
    const lb = runtime.lbSnapshot();
    return {
      bookingId: id,
      endpoint: runtime.endpoint ?? null,
      algorithm: lb.algorithm,
      placementAlgorithm: runtime.placer.algorithm,
      workload: runtime.workload,
      limits: runtime.limits,
      instances: runtime.instances(),
      lb: { ...lb, bookingId: id },
      scaler: runtime.scalerState(),
    };
  }

  setAlgorithm(runtime: BookingRuntime, body: AlgorithmDto): { algorithm: LbAlgorithm; placement: PlacementAlgorithm } {
    if (!body.algorithm && !body.placement) throw new BadRequestException("Give algorithm, placement or both");
    if (body.algorithm) runtime.setAlgorithm(body.algorithm);
    const placement =
      body.placement ??
      ((placementAlgorithms as readonly string[]).includes(body.algorithm ?? "")
        ? (body.algorithm as PlacementAlgorithm)
        : undefined);
    if (placement) runtime.placer.setAlgorithm(placement);
    return { algorithm: runtime.lbSnapshot().algorithm, placement: runtime.placer.algorithm };
  }

  setScaler(runtime: BookingRuntime, body: ScalerDto): ScalerSettings {
    const current = runtime.scaler;
    const capacity = runtime.limits.capacity;
    const min = body.min ?? current.min;
    const max = body.max ?? current.max;
    const problems: string[] = [];
    if (max > capacity) problems.push(`max must be at most the resource's capacity of ${capacity}, got ${max}`);
    if (min > max) problems.push(`min (${min}) must not exceed max (${max})`);
    if (problems.length > 0) throw new BadRequestException(problems);
    return runtime.setScaler({
      min,
      max,
      ...(body.targetCpuPercent !== undefined ? { targetCpu: body.targetCpuPercent / 100 } : {}),
      ...(body.targetInFlight !== undefined ? { targetInFlight: body.targetInFlight } : {}),
      ...(body.scaleDownWindowMs !== undefined ? { scaleDownWindowMs: body.scaleDownWindowMs } : {}),
    });
  }

  async setWorkload(runtime: BookingRuntime, body: WorkloadSpecDto): Promise<WorkloadSpec> {
    const workload = this.workloadFrom(body, runtime.limits);
    await runtime.redeploy(workload);
    return workload;
  }

  submitTask(runtime: BookingRuntime, body: TaskRequest): Task {
    try {
      return runtime.placer.submit(body);
    } catch (error) {
      if (error instanceof PlacementRejectedError) {
        const payload = { statusCode: error.status, message: error.reason, error: "Task rejected" };
        if (error.status === 409) throw new ConflictException(payload);
        throw new UnprocessableEntityException(payload);
      }
      throw error;
    }
  }

  /** A validated workload spec (400 with every problem otherwise). */
  workloadFrom(body: WorkloadSpecDto, limits: BookingLimits): WorkloadSpec {
    const spec: WorkloadSpec =
      body.kind === "builtin"
        ? {
            kind: "builtin",
            serviceTimeMs: body.serviceTimeMs!,
            serviceTimeJitterMs: body.serviceTimeJitterMs,
            cpuMsPerRequest: body.cpuMsPerRequest!,
            memoryMb: body.memoryMb!,
            failureRate: body.failureRate!,
          }
        : {
            kind: "command",
            command: body.command!,
            args: body.args!,
            env: body.env,
            portEnv: body.portEnv,
            healthPath: body.healthPath,
          };
    const problems = validateWorkload(spec, { cpuCores: limits.cpuMillicores / 1_000, memoryMb: limits.memoryMb });
    if (problems.length > 0) throw new BadRequestException(problems);
    return spec;
  }

  private async follow(event: IndexerEvent): Promise<void> {
    if (this.closed) return;
    if (event.type === "reorg") return this.reconcile();
    for (const e of event.events) {
      if (e.contract !== "ResourceMarketplace") continue;
      const bookingId = (e.args as { bookingId?: bigint }).bookingId;
      if (bookingId === undefined) continue;
      if (e.eventName === "BookingActivated") await this.ensure(bookingId.toString());
      else if (e.eventName === "BookingExtended") await this.refreshEndTime(bookingId.toString());
      else if (CLOSING_EVENTS.has(e.eventName))
        await this.release(bookingId.toString(), e.eventName.slice(7).toLowerCase());
    }
    // Bookings past their end, by the indexed chain time.
    const now = Number(event.checkpoint.timestamp);
    for (const id of [...this.runtimes.keys()]) {
      const endTime = this.endTimes.get(id);
      if (endTime !== undefined && endTime <= now) await this.release(id, "ended");
    }
  }

  private async refreshEndTime(id: string): Promise<void> {
    if (!this.runtimes.has(id)) return;
    const [row] = await this.database.db
      .select({ endTime: bookings.endTime })
      .from(bookings)
      .where(eq(bookings.id, Number(id)))
      .limit(1);
    if (row?.endTime != null) this.endTimes.set(id, row.endTime);
  }

  /** Starts what the index says is active and ours, stops what is not. */
  private async reconcile(): Promise<void> {
    const rows = await this.activeBookings();
    const active = new Set(rows.map((r) => String(r.id)));
    for (const id of this.runtimes.keys()) if (!active.has(id)) await this.release(id, "no longer active");
    for (const row of rows) await this.ensure(String(row.id), row);
  }

  private async activeBookings(): Promise<BookingRow[]> {
    const status = this.indexer.status();
    const now = Number(status.indexedTimestamp ?? 0n);
    const rows = await this.database.db
      .select({
        id: bookings.id,
        consumer: bookings.consumer,
        provider: bookings.provider,
        state: bookings.state,
        endTime: bookings.endTime,
      })
      .from(bookings)
      .where(and(eq(bookings.state, "active"), or(isNull(bookings.endTime), gt(bookings.endTime, now))));
    return rows.filter((r) => this.serves(r.provider));
  }

  private serves(provider: string): boolean {
    return this.providers === "*" || this.providers.has(provider.toLowerCase());
  }

  /** Provisions a booking unless it already runs (idempotent). Start failures are logged, not thrown: the index keeps flowing. */
  private async ensure(id: string, known?: BookingRow): Promise<void> {
    if (this.runtimes.has(id) || this.starting.has(id) || this.closed) return;
    const [row] = known
      ? [known]
      : await this.database.db
          .select({
            id: bookings.id,
            consumer: bookings.consumer,
            provider: bookings.provider,
            state: bookings.state,
            endTime: bookings.endTime,
          })
          .from(bookings)
          .where(eq(bookings.id, Number(id)))
          .limit(1);
    if (!row || row.state !== "active" || !this.serves(row.provider)) return;
    const [resource] = await this.database.db
      .select({ cpuMillicores: resources.cpuMillicores, memoryMb: resources.memoryMb, capacity: resources.capacity })
      .from(resources)
      .innerJoin(bookings, eq(bookings.resourceId, resources.id))
      .where(eq(bookings.id, Number(id)))
      .limit(1);
    if (!resource) return;
    if (row.endTime !== null) this.endTimes.set(id, row.endTime);
    const runtime = this.createRuntime(BigInt(id), { ...resource, capacity: Math.max(1, resource.capacity) });
    this.runtimes.set(id, runtime);
    const start = runtime
      .start()
      .then((endpoint) => this.logger.log(`booking ${id} provisioned at ${endpoint}`))
      .catch(async (error: Error) => {
        this.logger.error(`booking ${id} could not be provisioned: ${error.message}`);
        this.runtimes.delete(id);
        await runtime.stop("provisioning failed");
      })
      .finally(() => this.starting.delete(id));
    this.starting.set(id, start);
  }

  private async release(id: string, reason: string): Promise<void> {
    const runtime = this.runtimes.get(id);
    if (!runtime) return;
    await this.starting.get(id);
    this.runtimes.delete(id);
    this.endTimes.delete(id);
    await runtime.stop(`booking ${reason}`);
    this.logger.log(`booking ${id} ${reason}: instances stopped`);
  }

  private createRuntime(bookingId: bigint, limits: BookingLimits): BookingRuntime {
    const c = this.config;
    const room = `booking:${bookingId}`;
    return new BookingRuntime({
      bookingId,
      limits,
      workload: {
        kind: "builtin",
        serviceTimeMs: c.COMPUTE_DEFAULT_SERVICE_TIME_MS,
        cpuMsPerRequest: c.COMPUTE_DEFAULT_CPU_MS,
        memoryMb: Math.min(c.COMPUTE_DEFAULT_MEMORY_MB, limits.memoryMb),
        failureRate: 0,
      },
      scaler: {
        targetCpu: c.COMPUTE_SCALER_TARGET_CPU_PERCENT / 100,
        targetInFlight: c.COMPUTE_SCALER_TARGET_INFLIGHT,
        min: 1,
        max: limits.capacity,
        tolerance: 0.1,
        scaleDownWindowMs: c.COMPUTE_SCALE_DOWN_WINDOW_MS,
      },
      timings: {
        scalerIntervalMs: c.COMPUTE_SCALER_INTERVAL_MS,
        statsIntervalMs: c.COMPUTE_STATS_INTERVAL_MS,
        warmupMs: c.COMPUTE_WARMUP_MS,
        drainTimeoutMs: c.COMPUTE_DRAIN_TIMEOUT_MS,
        stopTimeoutMs: c.COMPUTE_STOP_TIMEOUT_MS,
      },
      placementAlgorithm: c.COMPUTE_PLACEMENT_ALGORITHM as PlacementAlgorithm,
      provisioner: this.provisioner,
      lb: this.createLb({ bookingId, algorithm: c.COMPUTE_LB_ALGORITHM as LbAlgorithm, sink: this.sink }),
      sink: this.sink,
      events: {
        // Instance and scaling events also feed the global live view; stats only the booking's room.
        instance: (m) => this.gateway.publish([room, GLOBAL_ROOM], "compute.instance", m),
        scaled: (m) => this.gateway.publish([room, GLOBAL_ROOM], "compute.scaled", m),
        stats: (m) => this.gateway.publish(room, "compute.stats", m),
      },
    });
  }
}
