import type { SchedulingDecision } from "./scheduling-decision.js";
import type { QueuedDecision } from "./tree/prepare-receipts.js";

type Aggregate = { seq: number; first: SchedulingDecision; decisions: number };

/**
 * The sink's queue: O(1) `push`, bounded memory. Up to `max` decisions wait as they are. Beyond
 * that (overload: hashing or storage cannot keep up) a decision is folded into an aggregate with
 * the others of the same booking, kind, instance, algorithm and second: one receipt that carries
 * the number of decisions it stands for, and whose inputs are `{ aggregated: <count>, first: <the
 * first decision's inputs> }`. Nothing is dropped: every decision is counted in exactly one
 * receipt. Aggregates are taken with the next drain, so their number is bounded by the distinct
 * keys seen between two drains.
 */
export class DecisionQueue {
  private items: QueuedDecision[] = [];
  private head = 0;
  private aggregates = new Map<string, Aggregate>();
  private seq = 0;
  /** Decisions folded into aggregates since start (the ones beyond the first of each aggregate). */
  aggregatedTotal = 0;
  /** Decisions pushed since start. */
  pushedTotal = 0;

  constructor(private readonly max: number) {}

  /** Decisions waiting (an aggregate counts as the decisions in it). */
  get depth(): number {
    let n = this.items.length - this.head;
    for (const a of this.aggregates.values()) n += a.decisions;
    return n;
  }

  /** Entries waiting: queued decisions plus aggregates (what memory holds). */
  get size(): number {
    return this.items.length - this.head + this.aggregates.size;
  }

  push(decision: SchedulingDecision): void {
    this.pushedTotal++;
    if (this.items.length - this.head < this.max) {
      this.items.push({ seq: this.seq++, decision, decisions: 1 });
      return;
    }
    const key = `${decision.bookingId}|${decision.kind}|${decision.instanceId}|${decision.algorithm}|${Math.floor(decision.at / 1_000)}`;
    const aggregate = this.aggregates.get(key);
    if (aggregate) {
      aggregate.decisions++;
      this.aggregatedTotal++;
    } else this.aggregates.set(key, { seq: this.seq++, first: decision, decisions: 1 });
  }

  /** Takes up to `limit` queued decisions, plus every aggregate (as one decision each). */
  drain(limit: number): QueuedDecision[] {
    const end = Math.min(this.items.length, this.head + limit);
    const out = this.items.slice(this.head, end);
    this.head = end;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 65_536 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    for (const a of this.aggregates.values()) {
      out.push(
        a.decisions === 1
          ? { seq: a.seq, decision: a.first, decisions: 1 }
          : {
              seq: a.seq,
              decision: { ...a.first, inputs: { aggregated: a.decisions, first: a.first.inputs } },
              decisions: a.decisions,
            },
      );
    }
    this.aggregates.clear();
    return out;
  }
}
