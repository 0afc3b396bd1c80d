/** What the queue orders by: a deadline (ms, `Infinity` when none) and the arrival order. */
export type Queued = { deadline: number; seq: number; queuedIndex: number };

/**
 * Requests waiting for an upstream slot, as a binary heap: earliest deadline first (the urgency
 * algorithm) or first come first served (the others). `reorder` switches the order in place
 * without dropping anything (used by `setAlgorithm`); `remove` takes out a request that timed out
 * or whose client left.
 */
export class PendingQueue<T extends Queued> {
  private readonly heap: T[] = [];

  constructor(private edf: boolean) {}

  get length(): number {
    return this.heap.length;
  }

  push(item: T): void {
    item.queuedIndex = this.heap.length;
    this.heap.push(item);
    this.up(item.queuedIndex);
  }

  shift(): T | undefined {
    const top = this.heap[0];
    if (top) this.removeAt(0);
    return top;
  }

  remove(item: T): void {
    const i = item.queuedIndex;
    if (i >= 0 && this.heap[i] === item) this.removeAt(i);
  }

  /** Earliest deadline first (`true`) or arrival order (`false`), for everything queued and to come. */
  reorder(edf: boolean): void {
    if (edf === this.edf) return;
    this.edf = edf;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  drain(): T[] {
    const all = this.heap.splice(0);
    for (const item of all) item.queuedIndex = -1;
    return all;
  }

  private before(a: T, b: T): boolean {
    if (this.edf && a.deadline !== b.deadline) return a.deadline < b.deadline;
    return a.seq < b.seq;
  }

  private removeAt(i: number): void {
    const item = this.heap[i]!;
    item.queuedIndex = -1;
    const last = this.heap.pop()!;
    if (i < this.heap.length) {
      this.heap[i] = last;
      last.queuedIndex = i;
      this.down(i);
      this.up(last.queuedIndex);
    }
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && this.before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i]!;
    const b = this.heap[j]!;
    this.heap[i] = b;
    this.heap[j] = a;
    a.queuedIndex = j;
    b.queuedIndex = i;
  }
}
