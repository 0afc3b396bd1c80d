import type { PlacementStrategy, Slot } from "../placement.types.js";

/** Round robin: the next instance in order after the last one used that the task fits on. */
export function roundRobin(): PlacementStrategy {
  let last: string | undefined;
  return {
    name: "round-robin",
    pick(_task, fitting, all) {
      if (fitting.length === 0) return undefined;
      const start = last === undefined ? 0 : all.findIndex((s) => s.id === last) + 1;
      let chosen: Slot | undefined;
      for (let i = 0; i < all.length && !chosen; i++) {
        const slot = all[(start + i) % all.length]!;
        if (fitting.includes(slot)) chosen = slot;
      }
      last = chosen?.id;
      return chosen;
    },
  };
}
