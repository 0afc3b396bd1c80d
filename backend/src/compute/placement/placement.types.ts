import type { PlacementAlgorithm } from "../types.js";

/** What a consumer asks to run. */
export type TaskRequest = {
  cpuMillicores: number;
  memoryMb: number;
  durationMs: number;
  /** Must finish within this many milliseconds of submission (none: no deadline). */
  deadlineMs?: number;
};

export type TaskState = "queued" | "running" | "done" | "interrupted" | "missed";

export type Task = {
  id: string;
  cpuMillicores: number;
  memoryMb: number;
  durationMs: number;
  /** Unix milliseconds. */
  submittedAt: number;
  deadlineAt?: number;
  state: TaskState;
  algorithm: PlacementAlgorithm;
  instanceId?: string;
  startedAt?: number;
  finishedAt?: number;
};

/** One instance as placement sees it: its capacity, what is reserved on it, how busy it measured. */
export type Slot = {
  id: string;
  cpuMillicores: number;
  memoryMb: number;
  usedCpuMillicores: number;
  usedMemoryMb: number;
  /** Measured CPU utilisation of the instance's process against its CPU limit, in [0, 1]. */
  measuredCpu: number;
  /** Exponentially weighted history of max(reserved share, measured CPU), in [0, 1]. */
  history: number;
};

/** A placement algorithm: picks one of the slots the task fits on now (all in `fitting`). */
export type PlacementStrategy = {
  readonly name: PlacementAlgorithm;
  pick(task: Task, fitting: readonly Slot[], all: readonly Slot[], now: number): Slot | undefined;
};

/** Reserved share of a slot after adding `task`: the larger of CPU and memory. */
export function shareAfter(slot: Slot, task: Pick<Task, "cpuMillicores" | "memoryMb">): number {
  return Math.max(
    (slot.usedCpuMillicores + task.cpuMillicores) / slot.cpuMillicores,
    (slot.usedMemoryMb + task.memoryMb) / slot.memoryMb,
  );
}
