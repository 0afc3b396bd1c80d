import { randomBytes } from "node:crypto";
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from "@nestjs/common";
import { zeroAddress } from "viem";
import { ChainService } from "../chain/chain.service.js";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { AnchorService } from "./anchor.service.js";
import { DecisionQueue } from "./decision-queue.js";
import { ReceiptsMetrics } from "./receipts.metrics.js";
import { ReceiptsStore } from "./receipts.store.js";
import type { DecisionSink, SchedulingDecision } from "./scheduling-decision.js";
import { ReceiptHasher } from "./tree/receipt-hasher.js";
import type { PreparedReceipt, QueuedDecision } from "./tree/prepare-receipts.js";

/** Decisions hashed per worker round trip. */
const DRAIN_CHUNK = 8_192;
/** Pause of the pipeline when there is nothing to do, in ms. */
const IDLE_MS = 20;

type OpenBatch = { receipts: PreparedReceipt[]; decisions: number; openedAt: number };

/**
 * The application's {@link DecisionSink}: `record` only queues (O(1), never throws, never waits).
 * A background pipeline takes the queue in chunks, has the worker thread turn decisions into
 * receipts (ids, input hashes, leaves), groups them per provider into open batches, and closes a
 * batch at `RECEIPTS_BATCH_SIZE` receipts or `RECEIPTS_BATCH_SECONDS`: the worker builds its tree,
 * the tree and receipts are stored in one transaction, and {@link AnchorService} anchors the root.
 * The pipeline runs one step at a time, so a slow database or worker slows the draining and the
 * queue's overload policy (see {@link DecisionQueue}) bounds memory.
 */
@Injectable()
export class ReceiptsService implements DecisionSink, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger("Receipts");
  private readonly queue: DecisionQueue;
  private readonly nodeId = randomBytes(24);
  private hasher: ReceiptHasher;
  private readonly open = new Map<string, OpenBatch>();
  private readonly bookingProviders = new Map<string, string>();
  /** Decisions taken from the queue and not yet stored in a tree. */
  private inFlight = 0;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private flushWaiters: (() => void)[] = [];
  private lastRejectLog = 0;

  constructor(
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(ReceiptsStore) private readonly store: ReceiptsStore,
    @Inject(AnchorService) private readonly anchors: AnchorService,
    @Inject(ChainService) private readonly chain: ChainService,
    @Inject(ReceiptsMetrics) private readonly metrics: ReceiptsMetrics,
  ) {
    this.queue = new DecisionQueue(config.RECEIPTS_QUEUE_MAX);
    this.hasher = new ReceiptHasher(this.nodeId, { worker: config.RECEIPTS_WORKER === "true" });
    metrics.bind({
      recorded: () => this.queue.pushedTotal,
      aggregated: () => this.queue.aggregatedTotal,
      queueDepth: () => this.depth,
    });
  }

  /** Queues a decision. O(1); never throws. */
  record(decision: SchedulingDecision): void {
    try {
      this.queue.push(decision);
    } catch {
      // Unreachable in practice (a Map or array push); the request path must not fail because of us.
    }
  }

  /** Decisions recorded and not yet stored in a tree. */
  get depth(): number {
    return this.queue.depth + this.inFlight;
  }

  /** Decisions recorded since start. */
  get recorded(): number {
    return this.queue.pushedTotal;
  }

  /** Resolves once everything recorded before the call is stored, open batches closed early (tests, benchmarks, shutdown). */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      this.flushWaiters.push(resolve);
      this.wake?.();
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Before the database closes: store what was recorded, stop the loops. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.running) {
      // Store what was recorded (anchoring resumes at the next start).
      await Promise.race([this.flush(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    }
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.hasher.close();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        // Waiters registered before this drain are served once it empties the queue.
        const flushing = this.flushWaiters.length;
        const items = this.queue.drain(DRAIN_CHUNK);
        if (items.length > 0) await this.process(items);
        const drained = this.queue.size === 0;
        await this.closeDue(drained && flushing > 0);
        failures = 0;
        if (drained) for (const resolve of this.flushWaiters.splice(0, flushing)) resolve();
        if (this.queue.size === 0 && this.flushWaiters.length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, IDLE_MS);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wake = undefined;
        }
      } catch (error) {
        failures++;
        this.logger.error(`receipt pipeline step failed (retrying): ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** failures, 5_000)));
      }
    }
  }

  private async process(items: QueuedDecision[]): Promise<void> {
    const taken = items.reduce((n, i) => n + i.decisions, 0);
    this.inFlight += taken;
    let prepared;
    try {
      prepared = await this.hasher.prepare(items);
    } catch (error) {
      this.logger.error(`receipts worker failed (${(error as Error).message}); restarting it`);
      await this.hasher.close().catch(() => undefined);
      this.hasher = new ReceiptHasher(this.nodeId, { worker: this.config.RECEIPTS_WORKER === "true" });
      prepared = await this.hasher.prepare(items);
    }
    const { receipts, rejected } = prepared;
    if (rejected.length > 0) {
      const n = rejected.reduce((s, r) => s + r.decisions, 0);
      this.inFlight -= n;
      this.metrics.rejected.inc(n);
      if (Date.now() - this.lastRejectLog > 10_000) {
        this.lastRejectLog = Date.now();
        this.logger.warn(`${n} decision(s) rejected, e.g. seq ${rejected[0]!.seq}: ${rejected[0]!.reason}`);
      }
    }
    const providers = await this.providersOf(receipts.map((r) => r.bookingId));
    for (const receipt of receipts) {
      const provider = providers.get(receipt.bookingId) ?? zeroAddress;
      let batch = this.open.get(provider);
      if (!batch) {
        batch = { receipts: [], decisions: 0, openedAt: Date.now() };
        this.open.set(provider, batch);
      }
      batch.receipts.push(receipt);
      batch.decisions += receipt.decisions;
      if (batch.receipts.length >= this.config.RECEIPTS_BATCH_SIZE) {
        this.open.delete(provider);
        await this.close(provider, batch);
      }
    }
  }

  /** Closes the batches open for `RECEIPTS_BATCH_SECONDS`, or all of them. */
  private async closeDue(all: boolean): Promise<void> {
    const due = Date.now() - this.config.RECEIPTS_BATCH_SECONDS * 1_000;
    for (const [provider, batch] of [...this.open]) {
      if (!all && batch.openedAt > due) continue;
      this.open.delete(provider);
      await this.close(provider, batch);
    }
  }

  private async close(provider: string, batch: OpenBatch): Promise<void> {
    const started = performance.now();
    const built = await this.hasher.build(batch.receipts.map((r) => r.leaf));
    this.metrics.treeBuildDuration.observe((performance.now() - started) / 1_000);
    let first = Infinity;
    let last = 0;
    for (const r of batch.receipts) {
      if (r.timestamp < first) first = r.timestamp;
      if (r.timestamp > last) last = r.timestamp;
    }
    const anchorer = this.anchors.anchorerOf(provider) ?? null;
    await this.store.insertTree(
      {
        provider,
        anchorer,
        root: built.root,
        nodes: built.nodes,
        firstTimestamp: first,
        lastTimestamp: last,
        decisions: batch.decisions,
      },
      batch.receipts,
      built.treeIndex,
    );
    this.inFlight -= batch.decisions;
    this.metrics.batched.inc(batch.receipts.length);
    if (anchorer) this.anchors.notify(anchorer);
    else {
      this.metrics.unanchored.inc({ provider }, batch.receipts.length);
      this.logger.warn(
        `${batch.receipts.length} receipt(s) of provider ${provider} stored unanchored: no scheduler key serves it (see GET /receipts/unanchored)`,
      );
    }
  }

  /** Provider of each booking: from memory, else the index, else the chain. Unknown bookings are left out. */
  private async providersOf(bookingIds: string[]): Promise<Map<string, string>> {
    const missing = [...new Set(bookingIds.filter((id) => !this.bookingProviders.has(id)))];
    if (missing.length > 0) {
      const indexed = await this.store.providersOf(missing);
      for (const [id, provider] of indexed) this.bookingProviders.set(id, provider);
      for (const id of missing.filter((m) => !indexed.has(m)).slice(0, 100)) {
        const provider = await this.providerFromChain(id);
        if (provider) this.bookingProviders.set(id, provider);
      }
    }
    return this.bookingProviders;
  }

  private async providerFromChain(bookingId: string): Promise<string | undefined> {
    try {
      const marketplace = this.chain.contract("ResourceMarketplace");
      const booking = await this.chain.client.readContract({
        ...marketplace,
        functionName: "getBooking",
        args: [BigInt(bookingId)],
      });
      if (booking.resourceId === 0n) return undefined;
      const resource = await this.chain.client.readContract({
        ...marketplace,
        functionName: "getResource",
        args: [booking.resourceId],
      });
      return resource.provider === zeroAddress ? undefined : resource.provider.toLowerCase();
    } catch {
      return undefined;
    }
  }
}
