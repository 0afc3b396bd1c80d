import type { ReceiptKind } from "@dcx/sdk";

/**
 * One scheduling decision as the compute plane reports it. It is cheap to make on a hot path: the
 * receipts module turns it into an sdk `Receipt` later (decision id, `inputsHash` = keccak256 of
 * the canonical JSON of `inputs`, timestamp in seconds), off the request path.
 */
export type SchedulingDecision = {
  bookingId: bigint;
  kind: ReceiptKind;
  /** Instance the decision concerns (≤ 31 UTF-8 bytes). */
  instanceId: string;
  /** Algorithm that decided (≤ 31 UTF-8 bytes), e.g. `"p2c"`, `"hpa"`. */
  algorithm: string;
  /** What the algorithm saw (loads, latencies, metric values...). JSON-serialisable; hashed into the receipt. */
  inputs: unknown;
  /** Unix milliseconds. */
  at: number;
};

/** Where decisions go. `record` must not block or throw: it is called on the request path. */
export interface DecisionSink {
  record(decision: SchedulingDecision): void;
}

/** Nest injection token of the application's {@link DecisionSink}. */
export const DECISION_SINK = Symbol("DECISION_SINK");

/** A sink that keeps decisions in memory (tests and benchmarks). */
export class MemoryDecisionSink implements DecisionSink {
  readonly decisions: SchedulingDecision[] = [];
  record(decision: SchedulingDecision): void {
    this.decisions.push(decision);
  }
}
