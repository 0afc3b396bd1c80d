/** One client's bucket: tokens left at `at` (ms, `performance.now()` clock). */
type Bucket = { tokens: number; at: number };

/**
 * Token buckets keyed by client address, refilled lazily when the client sends (no timer per
 * client). Idle full buckets are dropped by {@link sweep}, so memory follows the active clients.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly rps: number,
    readonly burst: number,
  ) {
    this.perMs = rps / 1_000;
  }

  /** Takes a token for `client`: 0 when allowed, else the seconds until one is available (for `Retry-After`). */
  take(client: string, now: number): number {
    let bucket = this.buckets.get(client);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(client, bucket);
    } else {
      const tokens = bucket.tokens + (now - bucket.at) * this.perMs;
      bucket.tokens = tokens < this.burst ? tokens : this.burst;
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.rps));
  }

  /** Forgets clients whose bucket has refilled (they are indistinguishable from new ones). */
  sweep(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.burst) this.buckets.delete(client);
    }
  }

  get clients(): number {
    return this.buckets.size;
  }
}
