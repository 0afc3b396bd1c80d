import type { PlacementStrategy } from "../placement.types.js";
import { leastLoaded } from "./least-loaded.js";

/**
 * Urgency-aware (earliest deadline first): a task that fits now goes to the least loaded instance;
 * one that does not is queued in deadline order if it can still finish in time (see `TaskPlacer`),
 * and each freed slot goes to the queued task with the earliest deadline.
 */
export function urgency(): PlacementStrategy {
  const inner = leastLoaded();
  return { name: "urgency", pick: (task, fitting, all, now) => inner.pick(task, fitting, all, now) };
}
