import type { Upstream } from "../upstream.js";
import type { RouteContext, RoutingAlgorithm } from "./routing-algorithm.js";

/** Load levels of a candidate: in flight 0, 1, 2–3, 4–7, 8–15, 16+. */
export const Q_LEVELS = 6;

/** Tunables of the Q-learning router; defaults in {@link defaultQLearningOptions}. */
export type QLearningOptions = {
  /** Learning rate α in (0, 1]. */
  learningRate: number;
  /** Exploration rate at the start, in [0, 1]... */
  epsilon: number;
  /** ...multiplied by this after every decision... */
  epsilonDecay: number;
  /** ...down to this floor (some exploration always remains, so a recovered upstream is noticed). */
  minEpsilon: number;
  /** Extra negative reward of a failed attempt (5xx or connection failure), in ms of latency. */
  failurePenaltyMs: number;
};

export const defaultQLearningOptions: QLearningOptions = {
  learningRate: 0.2,
  epsilon: 0.3,
  epsilonDecay: 0.995,
  minEpsilon: 0.02,
  failurePenaltyMs: 1_000,
};

/** The learned state, JSON-serialisable: Q values per upstream id and load level, and the exploration rate. */
export type QLearningState = { version: 1; epsilon: number; decisions: number; table: Record<string, number[]> };

/** Discretised load of an upstream (its state). */
export function loadLevel(inFlight: number): number {
  if (inFlight <= 0) return 0;
  const level = 32 - Math.clz32(inFlight);
  return level < Q_LEVELS ? level : Q_LEVELS - 1;
}

/**
 * Q-learning router. The state of each candidate is its discretised load ({@link loadLevel}); the
 * action is the candidate chosen; the reward is minus the attempt's latency, minus a penalty when it
 * failed. Requests are independent, so the update has no bootstrap term (discount 0): `Q(u, s) +=
 * α (r − Q(u, s))`. Epsilon-greedy with decay; unseen pairs start at 0 (optimistic: every upstream
 * and level gets tried). The table can be exported and imported (the load balancer saves it to
 * `stateDir` when given).
 */
export class QLearningRouter implements RoutingAlgorithm {
  readonly name = "q-learning" as const;
  private readonly table = new Map<string, Float64Array>();
  private epsilon: number;
  private decisions = 0;
  private readonly options: QLearningOptions;

  constructor(
    options: Partial<QLearningOptions> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.options = { ...defaultQLearningOptions, ...options };
    this.epsilon = this.options.epsilon;
  }

  pick(candidates: readonly Upstream[], n: number, request: RouteContext): Upstream {
    this.decisions++;
    if (this.epsilon > this.options.minEpsilon) {
      this.epsilon = Math.max(this.options.minEpsilon, this.epsilon * this.options.epsilonDecay);
    }
    let chosen: Upstream;
    if (n > 1 && this.random() < this.epsilon) {
      chosen = candidates[Math.floor(this.random() * n)]!;
    } else {
      chosen = candidates[0]!;
      let bestQ = this.q(chosen)[loadLevel(chosen.inFlight)]!;
      for (let i = 1; i < n; i++) {
        const u = candidates[i]!;
        const q = this.q(u)[loadLevel(u.inFlight)]!;
        if (q > bestQ || (q === bestQ && u.inFlight < chosen.inFlight)) {
          chosen = u;
          bestQ = q;
        }
      }
    }
    request.level = loadLevel(chosen.inFlight);
    return chosen;
  }

  observe(upstream: Upstream, latencyMs: number, failed: boolean, request: RouteContext): void {
    const reward = -latencyMs - (failed ? this.options.failurePenaltyMs : 0);
    const row = this.q(upstream);
    const level = request.level < Q_LEVELS ? request.level : Q_LEVELS - 1;
    row[level]! += this.options.learningRate * (reward - row[level]!);
  }

  /** The learned Q values (a copy), e.g. to save them. */
  exportState(): QLearningState {
    const table: Record<string, number[]> = {};
    for (const [id, row] of this.table) table[id] = Array.from(row);
    return { version: 1, epsilon: this.epsilon, decisions: this.decisions, table };
  }

  /** Restores a table exported earlier; rows of unknown shape are ignored. */
  importState(state: QLearningState): void {
    if (state?.version !== 1 || typeof state.table !== "object" || state.table === null) {
      throw new Error("not a Q-learning state (version 1)");
    }
    for (const [id, values] of Object.entries(state.table)) {
      if (!Array.isArray(values) || values.length !== Q_LEVELS || !values.every(Number.isFinite)) continue;
      this.table.set(id, Float64Array.from(values));
    }
    if (Number.isFinite(state.epsilon)) {
      this.epsilon = Math.min(1, Math.max(this.options.minEpsilon, state.epsilon));
    }
    if (Number.isFinite(state.decisions)) this.decisions = state.decisions;
  }

  private q(u: Upstream): Float64Array {
    let row = this.table.get(u.id);
    if (!row) {
      row = new Float64Array(Q_LEVELS);
      this.table.set(u.id, row);
    }
    return row;
  }
}
