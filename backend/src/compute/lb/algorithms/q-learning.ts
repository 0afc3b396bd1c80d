import type { Upstream } from "../upstream.js";
import type { RouteContext, RoutingAlgorithm } from "./routing-algorithm.js";

/** Load levels of a candidate: in flight 0, 1, 2–3, 4–7, 8–15, 16+. */
export const Q_LEVELS = 6;

/** Share of the learning rate at which the load levels other than the observed one learn an outcome. */
const GENERALISATION = 0.25;

/** Tunables of the Q-learning router; defaults in {@link defaultQLearningOptions}. */
export type QLearningOptions = {
  /** Learning rate α in (0, 1]. */
  learningRate: number;
  /** Learning rate of a failed attempt, higher: one failure must move the router off an upstream at once. */
  failureLearningRate: number;
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
  failureLearningRate: 0.6,
  epsilon: 0.2,
  epsilonDecay: 0.99,
  minEpsilon: 0.01,
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
 * action is the candidate chosen; the reward is minus the attempt's latency in ms (kept in ms rather
 * than normalised: the values stay readable in the saved table and comparable across upstreams),
 * minus `failurePenaltyMs` when it failed, learnt at `failureLearningRate` so that a failing
 * upstream is left at once. Requests are independent, so the update has no bootstrap term
 * (discount 0): `Q(u, s) += α (r − Q(u, s))`. A level of an upstream not tried yet borrows the
 * value of its nearest tried level (a degraded upstream is not re-explored at every new load level);
 * an upstream never tried starts at 0, optimistic, so it gets tried. The greedy choice also caps an
 * upstream's value by the age of the requests it holds ({@link Upstream.pendingLatencyMs}): a stalled
 * upstream is left before its slow answers arrive. Epsilon-greedy with a fast decay to a small floor.
 * The table can be exported and imported (the load balancer saves it to `stateDir` when given).
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

  pick(candidates: readonly Upstream[], n: number, request: RouteContext, now: number): Upstream {
    this.decisions++;
    if (this.epsilon > this.options.minEpsilon) {
      this.epsilon = Math.max(this.options.minEpsilon, this.epsilon * this.options.epsilonDecay);
    }
    let chosen: Upstream;
    if (n > 1 && this.random() < this.epsilon) {
      chosen = candidates[Math.floor(this.random() * n)]!;
    } else {
      chosen = candidates[0]!;
      let bestQ = this.value(chosen, now);
      for (let i = 1; i < n; i++) {
        const u = candidates[i]!;
        const q = this.value(u, now);
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
    const row = this.q(upstream);
    const level = request.level < Q_LEVELS ? request.level : Q_LEVELS - 1;
    if (row[Q_LEVELS + level] === 0) {
      // first outcome at this level: start from what the neighbouring levels taught
      row[level] = this.borrowed(row, level);
      row[Q_LEVELS + level] = 1;
    }
    if (failed) {
      // a failure is the upstream's, whatever its load: every tried level learns it at once
      const reward = -latencyMs - this.options.failurePenaltyMs;
      const alpha = this.options.failureLearningRate;
      for (let l = 0; l < Q_LEVELS; l++) {
        if (row[Q_LEVELS + l] !== 0) row[l]! += alpha * (reward - row[l]!);
      }
      return;
    }
    const alpha = this.options.learningRate;
    row[level]! += alpha * (-latencyMs - row[level]!);
    // the other tried levels drift along (slower): an upstream that slows down or recovers does so
    // at every load level, and levels rarely visited would otherwise keep stale values
    const drift = alpha * GENERALISATION;
    for (let l = 0; l < Q_LEVELS; l++) {
      if (l !== level && row[Q_LEVELS + l] !== 0) row[l]! += drift * (-latencyMs - row[l]!);
    }
  }

  /** The greedy value of sending the next request to `u` now. */
  private value(u: Upstream, now: number): number {
    const row = this.q(u);
    const level = loadLevel(u.inFlight);
    const q = row[Q_LEVELS + level] === 0 ? this.borrowed(row, level) : row[level]!;
    const pending = -u.pendingLatencyMs(now);
    return pending < q ? pending : q;
  }

  /** Value of an untried level: that of the nearest tried one (lower first), 0 when none was tried. */
  private borrowed(row: Float64Array, level: number): number {
    for (let d = 1; d < Q_LEVELS; d++) {
      if (level - d >= 0 && row[Q_LEVELS + level - d] !== 0) return row[level - d]!;
      if (level + d < Q_LEVELS && row[Q_LEVELS + level + d] !== 0) return row[level + d]!;
    }
    return 0;
  }

  /** The learned Q values (a copy), e.g. to save them. */
  exportState(): QLearningState {
    const table: Record<string, number[]> = {};
    for (const [id, row] of this.table) table[id] = Array.from(row.subarray(0, Q_LEVELS));
    return { version: 1, epsilon: this.epsilon, decisions: this.decisions, table };
  }

  /** Restores a table exported earlier; rows of unknown shape are ignored. */
  importState(state: QLearningState): void {
    if (state?.version !== 1 || typeof state.table !== "object" || state.table === null) {
      throw new Error("not a Q-learning state (version 1)");
    }
    for (const [id, values] of Object.entries(state.table)) {
      if (!Array.isArray(values) || values.length !== Q_LEVELS || !values.every(Number.isFinite)) continue;
      const row = new Float64Array(2 * Q_LEVELS);
      for (let level = 0; level < Q_LEVELS; level++) {
        row[level] = values[level]!;
        row[Q_LEVELS + level] = values[level] !== 0 ? 1 : 0; // a learnt value is never exactly 0
      }
      this.table.set(id, row);
    }
    if (Number.isFinite(state.epsilon)) {
      this.epsilon = Math.min(1, Math.max(this.options.minEpsilon, state.epsilon));
    }
    if (Number.isFinite(state.decisions)) this.decisions = state.decisions;
  }

  /** Row of `u`: Q values per level, then per level 1 once it was tried. */
  private q(u: Upstream): Float64Array {
    let row = this.table.get(u.id);
    if (!row) {
      row = new Float64Array(2 * Q_LEVELS);
      this.table.set(u.id, row);
    }
    return row;
  }
}
