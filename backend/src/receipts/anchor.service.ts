import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from "@nestjs/common";
import type { Subscription } from "rxjs";
import {
  type Account,
  type Address,
  createWalletClient,
  defineChain,
  type Hash,
  type Hex,
  http,
  type WalletClient,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainService } from "../chain/chain.service.js";
import { type BackendConfig, schedulerKeys } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { IndexerService, type IndexerEvent } from "../indexer/indexer.service.js";
import { EventsGateway } from "../realtime/events.gateway.js";
import { GLOBAL_ROOM } from "../realtime/rooms.js";
import type { ReceiptsAnchoredMessage } from "./receipts.messages.js";
import { ReceiptsMetrics } from "./receipts.metrics.js";
import { ReceiptsStore, type TreeRow } from "./receipts.store.js";

const IDLE_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** How long to wait for a transaction sent by an earlier run before sending again. */
const PREVIOUS_TX_WAIT_MS = 30_000;

type Scheduler = { address: string; account: Account; wallet: WalletClient; provider?: string };

class Stopped extends Error {}

/**
 * Anchors stored receipt trees with the providers' scheduler keys (`RECEIPTS_SCHEDULER_KEYS`), one
 * loop per key, one batch at a time (each names the key's previous batch: `lastBatchOf`). A tree is
 * `pending` until its `BatchAnchored` event is indexed, then `anchored` (matched on anchorer and root).
 *
 * Never twice: the attempt is counted before the transaction is sent and its hash stored right after;
 * on a later try (or after a restart) a known hash is checked first (mined? still pending? then wait),
 * and a tree tried before is looked up among the anchorer's `BatchAnchored` events before anything is
 * sent again. Even a duplicate that slipped through would revert: it would name a stale `prevBatchId`.
 */
@Injectable()
export class AnchorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger("ReceiptAnchor");
  private schedulers: Scheduler[] = [];
  private readonly byProvider = new Map<string, Scheduler>();
  private readonly wakers = new Map<string, () => void>();
  private readonly loops: Promise<void>[] = [];
  private subscription?: Subscription;
  private running = false;
  private stopSignal!: Promise<never>;
  private stop!: (error: Error) => void;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(ChainService) private readonly chain: ChainService,
    @Inject(IndexerService) private readonly indexer: IndexerService,
    @Inject(ReceiptsStore) private readonly store: ReceiptsStore,
    @Inject(ReceiptsMetrics) private readonly metrics: ReceiptsMetrics,
    @Inject(EventsGateway) private readonly gateway: EventsGateway,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopSignal = new Promise<never>((_, reject) => (this.stop = reject));
    this.stopSignal.catch(() => undefined);
    this.running = true;
    const keys = schedulerKeys(this.config);
    if (keys.length > 0) {
      const deployment = await this.chain.init();
      const chain = defineChain({
        id: deployment.chainId,
        name: `chain ${deployment.chainId}`,
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [this.config.RPC_URL] } },
      });
      this.schedulers = keys.map((key) => {
        const account = privateKeyToAccount(key);
        return {
          address: account.address.toLowerCase(),
          account,
          wallet: createWalletClient({ account, chain, transport: http(this.config.RPC_URL, { retryCount: 0 }) }),
        };
      });
      await this.refreshProviders();
    }
    this.subscription = this.indexer.events$.subscribe((event) => this.onIndexer(event));
    this.reconcile();
    for (const scheduler of this.schedulers) this.loops.push(this.run(scheduler));
  }

  /** Before the database closes: store what was recorded, stop the loops. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.subscription?.unsubscribe();
    this.stop(new Stopped());
    for (const wake of this.wakers.values()) wake();
    await Promise.all(this.loops);
    await this.reconciling;
  }

  /** The scheduler address that anchors for `provider`, if one of our keys does. */
  anchorerOf(provider: string): string | undefined {
    return this.byProvider.get(provider)?.address;
  }

  /** A tree was stored for `anchorer`: look now rather than at the next poll. */
  notify(anchorer: string): void {
    this.wakers.get(anchorer)?.();
  }

  /** Reads which provider each key serves (`providerOf`); unanchored trees of a newly served provider become pending. */
  private async refreshProviders(): Promise<void> {
    const registry = this.chain.contract("ReceiptRegistry");
    for (const scheduler of this.schedulers) {
      const provider = (
        await this.chain.client.readContract({
          ...registry,
          functionName: "providerOf",
          args: [scheduler.address as Address],
        })
      ).toLowerCase();
      if (scheduler.provider && this.byProvider.get(scheduler.provider) === scheduler)
        this.byProvider.delete(scheduler.provider);
      scheduler.provider = provider === zeroAddress ? undefined : provider;
      if (!scheduler.provider) {
        this.logger.warn(`scheduler ${scheduler.address} is not authorized by any provider: it anchors nothing`);
        continue;
      }
      this.byProvider.set(scheduler.provider, scheduler);
      const adopted = await this.store.assignAnchorer(scheduler.provider, scheduler.address);
      if (adopted > 0) this.logger.log(`${adopted} unanchored tree(s) of ${scheduler.provider} will be anchored`);
      this.notify(scheduler.address);
    }
  }

  private onIndexer(event: IndexerEvent): void {
    if (event.type === "reorg") {
      const ancestor = Number(event.ancestor.number);
      this.reconciling = this.reconciling
        .then(async () => {
          const n = await this.store.unwindAbove(ancestor);
          if (n > 0) this.logger.warn(`reorg to block ${ancestor}: ${n} receipt tree(s) back to pending`);
          for (const wake of this.wakers.values()) wake();
        })
        .catch((error: unknown) => this.logger.error(`reorg handling failed: ${(error as Error).message}`));
      return;
    }
    const names = new Set(event.events.filter((e) => e.contract === "ReceiptRegistry").map((e) => e.eventName));
    if (names.has("SchedulerAuthorized") || names.has("SchedulerRevoked")) {
      this.reconciling = this.reconciling
        .then(() => this.refreshProviders())
        .catch((error: unknown) => this.logger.error(`scheduler refresh failed: ${(error as Error).message}`));
    }
    if (names.has("BatchAnchored")) this.reconcile();
  }

  /** Marks anchored the pending trees whose event is indexed, and announces them. */
  private reconcile(): void {
    this.reconciling = this.reconciling
      .then(async () => {
        for (const tree of await this.store.markIndexedAsAnchored()) {
          this.metrics.anchored.inc(tree.count);
          this.metrics.anchorDuration.observe((Date.now() - new Date(tree.createdAt).getTime()) / 1_000);
          this.gateway.publish(GLOBAL_ROOM, "receipts.anchored", {
            batchId: tree.batchId!,
            root: tree.root,
            provider: tree.provider,
            anchorer: tree.anchorer!,
            count: tree.count,
            decisions: tree.decisions,
            txHash: tree.txHash!,
            blockNumber: tree.blockNumber!,
          } satisfies ReceiptsAnchoredMessage);
        }
      })
      .catch((error: unknown) => this.logger.error(`reconciling anchored trees failed: ${(error as Error).message}`));
  }

  private async run(scheduler: Scheduler): Promise<void> {
    let failures = 0;
    while (this.running) {
      let tree: TreeRow | undefined;
      try {
        tree = await this.store.nextToAnchor(scheduler.address);
        if (tree) {
          await this.anchor(scheduler, tree);
          failures = 0;
          continue;
        }
      } catch (error) {
        if (error instanceof Stopped || !this.running) return;
        failures++;
        this.metrics.anchorFailures.inc();
        const message = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
        if (tree) await this.store.update(tree.id, { lastError: message.slice(0, 500) }).catch(() => undefined);
        this.logger.warn(`anchoring by ${scheduler.address} failed (attempt ${failures}): ${message}`);
      }
      const delay =
        failures === 0 ? IDLE_MS : Math.min(500 * 2 ** (failures - 1), MAX_BACKOFF_MS) * (0.5 + Math.random());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakers.set(scheduler.address, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Gets `tree` mined once: checks what an earlier attempt did, else sends `anchorBatch`. */
  private async anchor(scheduler: Scheduler, tree: TreeRow): Promise<void> {
    const client = this.chain.client;
    if (tree.txHash) {
      const mined = await this.outcome(tree.txHash as Hash, PREVIOUS_TX_WAIT_MS);
      if (mined === "success") return this.mined(tree);
      await this.store.update(tree.id, { txHash: null });
    }
    if (tree.attempts > 0) {
      const found = await this.findAnchored(scheduler.address, tree.root);
      if (found) {
        await this.store.update(tree.id, { txHash: found.txHash, blockNumber: found.blockNumber });
        this.reconcile();
        return;
      }
    }
    if (scheduler.provider !== tree.provider) throw new Error(`scheduler no longer serves ${tree.provider}`);
    const registry = this.chain.contract("ReceiptRegistry");
    const prev = await client.readContract({
      ...registry,
      functionName: "lastBatchOf",
      args: [scheduler.address as Address],
    });
    // The registry wants firstTimestamp ≥ the previous batch's last one and lastTimestamp ≤ now: the
    // receipts carry their own times; the batch's bounds are clamped into what the chain accepts.
    const prevLast = prev === 0n ? 0 : await this.lastTimestampOf(prev);
    const head = Number((await client.getBlock({ blockTag: "latest" })).timestamp);
    const last = Math.max(Math.min(tree.lastTimestamp, head), prevLast);
    const first = Math.min(Math.max(tree.firstTimestamp, prevLast), last);
    await this.store.update(tree.id, { attempts: tree.attempts + 1 });
    const hash = await scheduler.wallet.writeContract({
      ...registry,
      account: scheduler.account,
      chain: scheduler.wallet.chain,
      functionName: "anchorBatch",
      args: [tree.root as Hex, tree.count, first, last, prev, this.uriOf(tree.root)],
    });
    await this.store.update(tree.id, { txHash: hash });
    const outcome = await this.outcome(hash, 120_000);
    if (outcome !== "success") {
      await this.store.update(tree.id, { txHash: null });
      throw new Error(`anchorBatch ${hash} ${outcome}`);
    }
    return this.mined({ ...tree, txHash: hash });
  }

  private async mined(tree: TreeRow): Promise<void> {
    const receipt = await this.chain.client.getTransactionReceipt({ hash: tree.txHash as Hash });
    await this.store.update(tree.id, { txHash: tree.txHash, blockNumber: Number(receipt.blockNumber) });
    this.reconcile();
  }

  /** What became of a transaction: mined successfully, reverted, or unknown after `timeoutMs`. Aborts on shutdown. */
  private async outcome(hash: Hash, timeoutMs: number): Promise<"success" | "reverted" | "not mined"> {
    try {
      const receipt = await Promise.race([
        this.chain.client.waitForTransactionReceipt({ hash, timeout: timeoutMs, pollingInterval: 100 }),
        this.stopSignal,
      ]);
      return receipt.status;
    } catch (error) {
      if (error instanceof Stopped) throw error;
      return "not mined";
    }
  }

  /** `anchorer`'s batch with `root`, from the index or else from the chain's logs. */
  private async findAnchored(
    anchorer: string,
    root: string,
  ): Promise<{ txHash: string; blockNumber: number } | undefined> {
    const indexed = await this.store.indexedBatch(anchorer, root);
    if (indexed) return { txHash: indexed.transactionHash, blockNumber: indexed.blockNumber };
    const logs = await this.chain.client.getContractEvents({
      ...this.chain.contract("ReceiptRegistry"),
      eventName: "BatchAnchored",
      args: { anchorer: anchorer as Address },
      fromBlock: this.chain.deployment.startBlock,
      strict: true,
    });
    const log = logs.find((l) => l.args.root.toLowerCase() === root.toLowerCase());
    return log ? { txHash: log.transactionHash, blockNumber: Number(log.blockNumber) } : undefined;
  }

  private async lastTimestampOf(batchId: bigint): Promise<number> {
    const indexed = await this.store.batchLastTimestamp(batchId);
    if (indexed !== undefined) return indexed;
    const [log] = await this.chain.client.getContractEvents({
      ...this.chain.contract("ReceiptRegistry"),
      eventName: "BatchAnchored",
      args: { batchId },
      fromBlock: this.chain.deployment.startBlock,
      strict: true,
    });
    if (!log) throw new Error(`BatchAnchored of batch ${batchId} not found`);
    return log.args.lastTimestamp;
  }

  /** The URL auditors fetch the batch's receipts from. */
  private uriOf(root: string): string {
    const base = this.config.RECEIPTS_PUBLIC_URL ?? `http://${this.config.HOST}:${this.config.PORT}`;
    return `${base.replace(/\/+$/, "")}/receipts/batches/${root}/receipts`;
  }
}
