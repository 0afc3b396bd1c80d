import { type PlacementStrategy, shareAfter, type Slot, type Task } from "../placement.types.js";

/**
 * Urgency of a task in [0, 1]: its duration over the time left to its deadline (1 = no slack), 0
 * without a deadline.
 */
export function urgencyOf(task: Task, now: number): number {
  if (task.deadlineAt === undefined) return 0;
  const left = task.deadlineAt - now;
  return left <= 0 ? 1 : Math.min(1, task.durationMs / left);
}

/**
 * The score of the "blockchain-inspired" scheduler of the original sketch: current reserved share,
 * historical utilisation and measured CPU, weighted; the more urgent the task, the more the current
 * share counts (history matters less when it must run now).
 */
export function weightedScore(slot: Slot, task: Task, now: number): number {
  const u = urgencyOf(task, now);
  return (0.4 + 0.4 * u) * shareAfter(slot, task) + (0.3 - 0.2 * u) * slot.history + (0.3 - 0.2 * u) * slot.measuredCpu;
}

/** Weighted history: the instance with the lowest {@link weightedScore}. */
export function weightedHistory(): PlacementStrategy {
  return {
    name: "weighted-history",
    pick(task, fitting, _all, now) {
      let best: Slot | undefined;
      let bestScore = Infinity;
      for (const slot of fitting) {
        const score = weightedScore(slot, task, now);
        if (score < bestScore) [best, bestScore] = [slot, score];
      }
      return best;
    },
  };
}
