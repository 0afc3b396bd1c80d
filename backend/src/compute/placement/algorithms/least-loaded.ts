import { type PlacementStrategy, shareAfter, type Slot, type Task } from "../placement.types.js";

/** Load of a slot if `task` goes there: the larger of its reserved share and its measured CPU. */
export function loadAfter(slot: Slot, task: Task): number {
  return Math.max(shareAfter(slot, task), slot.measuredCpu);
}

/** Least loaded: the instance whose load (reserved share or measured CPU, the larger) stays lowest. */
export function leastLoaded(): PlacementStrategy {
  return {
    name: "least-loaded",
    pick(task, fitting) {
      let best: Slot | undefined;
      let bestLoad = Infinity;
      for (const slot of fitting) {
        const load = loadAfter(slot, task);
        if (load < bestLoad) [best, bestLoad] = [slot, load];
      }
      return best;
    },
  };
}
