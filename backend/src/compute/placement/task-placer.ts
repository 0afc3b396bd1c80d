import type { DecisionSink } from "../../receipts/scheduling-decision.js";
import type { PlacementAlgorithm } from "../types.js";
import { leastLoaded } from "./algorithms/least-loaded.js";
import { roundRobin } from "./algorithms/round-robin.js";
import { urgency } from "./algorithms/urgency.js";
import { weightedHistory } from "./algorithms/weighted-history.js";
import type { PlacementStrategy, Slot, Task, TaskRequest } from "./placement.types.js";

/** A task that cannot be placed; `status` is the HTTP status to answer (409 no room now, 422 never feasible). */
export class PlacementRejectedError extends Error {
  override name = "PlacementRejectedError";
  constructor(
    readonly status: 409 | 422,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export type TaskPlacerOptions = {
  bookingId: bigint;
  /** What one instance offers (the booked resource's per-instance CPU and memory). */
  capacity: { cpuMillicores: number; memoryMb: number };
  algorithm?: PlacementAlgorithm;
  sink?: DecisionSink;
  /** Finished tasks kept for `GET /tasks` (oldest dropped first). */
  keepFinished?: number;
  /** Tasks that may wait in the urgency queue. */
  maxQueued?: number;
  now?: () => number;
};

const STRATEGIES: Record<PlacementAlgorithm, () => PlacementStrategy> = {
  "round-robin": roundRobin,
  "least-loaded": leastLoaded,
  urgency,
  "weighted-history": weightedHistory,
};

const HISTORY_ALPHA = 0.2;

/**
 * Places a booking's tasks on its instances, honouring each instance's CPU and memory: the sum
 * reserved by running tasks never exceeds the instance's share of the booked resource. Tasks run for
 * their duration on a real timer, then release what they reserved. Every placement is recorded as a
 * `place` decision with the slots the algorithm saw.
 */
export class TaskPlacer {
  private readonly slots = new Map<string, Slot>();
  private readonly tasks = new Map<string, Task>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queue: Task[] = [];
  private strategy: PlacementStrategy;
  private sequence = 0;
  private readonly now: () => number;

  constructor(private readonly options: TaskPlacerOptions) {
    this.strategy = STRATEGIES[options.algorithm ?? "least-loaded"]();
    this.now = options.now ?? Date.now;
  }

  get algorithm(): PlacementAlgorithm {
    return this.strategy.name;
  }

  setAlgorithm(algorithm: PlacementAlgorithm): void {
    if (algorithm !== this.strategy.name) this.strategy = STRATEGIES[algorithm]();
  }

  addInstance(id: string): void {
    if (this.slots.has(id)) return;
    const { cpuMillicores, memoryMb } = this.options.capacity;
    this.slots.set(id, {
      id,
      cpuMillicores,
      memoryMb,
      usedCpuMillicores: 0,
      usedMemoryMb: 0,
      measuredCpu: 0,
      history: 0,
    });
    this.dispatch();
  }

  /** Removes an instance; its running tasks are interrupted. */
  removeInstance(id: string): void {
    if (!this.slots.delete(id)) return;
    for (const task of this.tasks.values()) {
      if (task.instanceId === id && task.state === "running") this.finish(task, "interrupted");
    }
  }

  /** Feeds measured CPU utilisation (against the instance's limit) and ages the history. */
  updateLoad(id: string, cpuUtilisation: number): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.measuredCpu = Math.min(1, Math.max(0, cpuUtilisation));
    const reserved = Math.max(slot.usedCpuMillicores / slot.cpuMillicores, slot.usedMemoryMb / slot.memoryMb);
    slot.history = (1 - HISTORY_ALPHA) * slot.history + HISTORY_ALPHA * Math.max(reserved, slot.measuredCpu);
  }

  /**
   * Places a task now (running), or with the urgency algorithm queues it when it can still meet its deadline.
   * @throws {PlacementRejectedError} 422 when it can never fit or never meet its deadline, 409 when no instance has room now.
   */
  submit(request: TaskRequest): Task {
    const now = this.now();
    const { capacity } = this.options;
    if (request.cpuMillicores > capacity.cpuMillicores || request.memoryMb > capacity.memoryMb) {
      throw new PlacementRejectedError(
        422,
        `task needs ${request.cpuMillicores} millicores and ${request.memoryMb} MiB; an instance has ${capacity.cpuMillicores} millicores and ${capacity.memoryMb} MiB`,
      );
    }
    if (request.deadlineMs !== undefined && request.durationMs > request.deadlineMs) {
      throw new PlacementRejectedError(
        422,
        `deadline cannot be met: the task runs ${request.durationMs} ms but must finish within ${request.deadlineMs} ms`,
      );
    }
    if (this.slots.size === 0) throw new PlacementRejectedError(409, "no instance is running");
    const task: Task = {
      id: `t${this.options.bookingId}-${++this.sequence}`,
      cpuMillicores: request.cpuMillicores,
      memoryMb: request.memoryMb,
      durationMs: request.durationMs,
      submittedAt: now,
      deadlineAt: request.deadlineMs === undefined ? undefined : now + request.deadlineMs,
      state: "queued",
      algorithm: this.strategy.name,
    };
    const all = [...this.slots.values()];
    const fitting = all.filter((s) => fits(s, task));
    // Queued urgent tasks go first: a new task may not jump an earlier deadline.
    const slot = this.queue.length === 0 ? this.strategy.pick(task, fitting, all, now) : undefined;
    if (slot) {
      this.start(task, slot, all, now);
      this.keep(task);
      return task;
    }
    if (this.strategy.name !== "urgency" || task.deadlineAt === undefined) {
      throw new PlacementRejectedError(
        409,
        `no instance has ${task.cpuMillicores} millicores and ${task.memoryMb} MiB free (${all.length} instances, ${this.running()} tasks running)`,
      );
    }
    const earliest = this.earliestStart(task, all, now);
    if (earliest + task.durationMs > task.deadlineAt) {
      throw new PlacementRejectedError(
        422,
        `deadline cannot be met: the earliest an instance frees ${task.cpuMillicores} millicores and ${task.memoryMb} MiB is in ${earliest - now} ms, and the task runs ${task.durationMs} ms but must finish within ${task.deadlineAt - now} ms`,
      );
    }
    if (this.queue.length >= (this.options.maxQueued ?? 1_000)) {
      throw new PlacementRejectedError(409, `the task queue is full (${this.queue.length} tasks)`);
    }
    this.queue.push(task);
    this.queue.sort((a, b) => a.deadlineAt! - b.deadlineAt!);
    this.keep(task);
    this.dispatch();
    return task;
  }

  /** Tasks, newest first. */
  list(): Task[] {
    return [...this.tasks.values()].reverse();
  }

  /** Reserved and measured load per instance. */
  snapshot(): Slot[] {
    return [...this.slots.values()].map((s) => ({ ...s }));
  }

  /** Clears every timer (booking stopped). Running tasks are interrupted. */
  close(): void {
    for (const id of [...this.slots.keys()]) this.removeInstance(id);
    for (const task of this.queue.splice(0)) task.state = "interrupted";
  }

  private start(task: Task, slot: Slot, all: Slot[], now: number): void {
    const before = all.map((s) => ({
      id: s.id,
      usedCpuMillicores: s.usedCpuMillicores,
      usedMemoryMb: s.usedMemoryMb,
      measuredCpu: round(s.measuredCpu),
      history: round(s.history),
    }));
    slot.usedCpuMillicores += task.cpuMillicores;
    slot.usedMemoryMb += task.memoryMb;
    task.state = "running";
    task.instanceId = slot.id;
    task.startedAt = now;
    task.algorithm = this.strategy.name;
    this.timers.set(
      task.id,
      setTimeout(() => this.finish(task, "done"), task.durationMs),
    );
    this.options.sink?.record({
      bookingId: this.options.bookingId,
      kind: "place",
      instanceId: slot.id,
      algorithm: this.strategy.name,
      inputs: {
        task: {
          id: task.id,
          cpuMillicores: task.cpuMillicores,
          memoryMb: task.memoryMb,
          durationMs: task.durationMs,
          deadlineAt: task.deadlineAt ?? null,
        },
        slots: before,
        capacity: this.options.capacity,
      },
      at: now,
    });
  }

  private finish(task: Task, state: "done" | "interrupted"): void {
    const timer = this.timers.get(task.id);
    if (timer) clearTimeout(timer);
    this.timers.delete(task.id);
    const slot = task.instanceId ? this.slots.get(task.instanceId) : undefined;
    if (slot) {
      slot.usedCpuMillicores -= task.cpuMillicores;
      slot.usedMemoryMb -= task.memoryMb;
    }
    task.state = state;
    task.finishedAt = this.now();
    this.dispatch();
  }

  /** Starts queued tasks in deadline order while they fit; drops those that can no longer finish in time. */
  private dispatch(): void {
    const now = this.now();
    while (this.queue.length > 0) {
      const task = this.queue[0]!;
      if (task.deadlineAt !== undefined && now + task.durationMs > task.deadlineAt) {
        this.queue.shift();
        task.state = "missed";
        task.finishedAt = now;
        continue;
      }
      const all = [...this.slots.values()];
      const slot = this.strategy.pick(
        task,
        all.filter((s) => fits(s, task)),
        all,
        now,
      );
      if (!slot) return;
      this.queue.shift();
      this.start(task, slot, all, now);
    }
  }

  /** When some instance will have room for `task`, from the end times of its running tasks (queued tasks not counted). */
  private earliestStart(task: Task, slots: Slot[], now: number): number {
    let earliest = Infinity;
    for (const slot of slots) {
      const ends = [...this.tasks.values()]
        .filter((t) => t.state === "running" && t.instanceId === slot.id)
        .map((t) => ({ at: t.startedAt! + t.durationMs, cpu: t.cpuMillicores, mem: t.memoryMb }))
        .sort((a, b) => a.at - b.at);
      let cpu = slot.usedCpuMillicores;
      let mem = slot.usedMemoryMb;
      let at = now;
      for (const end of ends) {
        if (cpu + task.cpuMillicores <= slot.cpuMillicores && mem + task.memoryMb <= slot.memoryMb) break;
        cpu -= end.cpu;
        mem -= end.mem;
        at = end.at;
      }
      if (cpu + task.cpuMillicores <= slot.cpuMillicores && mem + task.memoryMb <= slot.memoryMb) {
        earliest = Math.min(earliest, at);
      }
    }
    return earliest;
  }

  private running(): number {
    let n = 0;
    for (const t of this.tasks.values()) if (t.state === "running") n++;
    return n;
  }

  private keep(task: Task): void {
    this.tasks.set(task.id, task);
    const limit = this.options.keepFinished ?? 1_000;
    if (this.tasks.size <= limit) return;
    for (const [id, t] of this.tasks) {
      if (this.tasks.size <= limit) break;
      if (t.state !== "running" && t.state !== "queued") this.tasks.delete(id);
    }
  }
}

function fits(slot: Slot, task: Pick<Task, "cpuMillicores" | "memoryMb">): boolean {
  return (
    slot.usedCpuMillicores + task.cpuMillicores <= slot.cpuMillicores &&
    slot.usedMemoryMb + task.memoryMb <= slot.memoryMb
  );
}

function round(value: number): number {
  return Math.round(value * 1_000) / 1_000;
}
