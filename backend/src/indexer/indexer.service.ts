import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from "@nestjs/common";
import { Subject } from "rxjs";
import { keccak256, stringToHex, type Abi } from "viem";
import { ABIS, CONTRACT_NAMES, type ContractName } from "../chain/abis.js";
import { ChainService } from "../chain/chain.service.js";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { fetchRange, RangeChangedError, type BlockRef } from "./sync/fetchRange.js";
import { commitRange, readCheckpoint, resetIndex, rollbackTo, storedBlocksBelow, type Checkpoint } from "./store.js";
import type { IndexedEvent } from "./types.js";

/** What the indexer publishes after each commit (`block`) and after a rollback (`reorg`), like Ponder's RealtimeSyncEvent. */
export type IndexerEvent =
  | { type: "block"; checkpoint: Checkpoint; events: IndexedEvent[] }
  | { type: "reorg"; ancestor: Checkpoint; depth: number; droppedEvents: number };

export type IndexerStatus = {
  chainId?: number;
  indexedBlock?: bigint;
  indexedTimestamp?: bigint;
  chainHead?: bigint;
  lagBlocks?: bigint;
  backfilling: boolean;
  eventsIndexed: number;
  reorgs: number;
  lastError?: string;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows the chain into the database: backfills from the deployment's start block in chunked
 * `eth_getLogs` ranges, then polls for new blocks. Each range commits atomically with its
 * checkpoint, so a restart resumes exactly; a changed block hash at the checkpoint rolls back to
 * the common ancestor (see `store.ts`).
 */
@Injectable()
export class IndexerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger("Indexer");
  /** Commits and rollbacks, in order, after they are durable. */
  readonly events$ = new Subject<IndexerEvent>();

  private checkpoint?: Checkpoint;
  private chainHead?: bigint;
  private chunk: bigint;
  private running = false;
  private loop?: Promise<void>;
  private contracts = new Map<string, { name: ContractName; abi: Abi }>();
  private deploymentId = "";
  private eventsIndexed = 0;
  private reorgs = 0;
  private lastError?: string;
  private lastProgressLog = 0;
  private rangesSinceRefusal = 0;

  constructor(
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChainService) private readonly chain: ChainService,
  ) {
    this.chunk = BigInt(config.INDEXER_CHUNK_BLOCKS);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Loads the deployment and the checkpoint, then runs the sync loop in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    const deployment = await this.chain.init();
    this.contracts = new Map(
      CONTRACT_NAMES.map((name) => [deployment.contracts[name].toLowerCase(), { name, abi: ABIS[name] as Abi }]),
    );
    this.deploymentId = keccak256(stringToHex(CONTRACT_NAMES.map((n) => deployment.contracts[n]).join(",")));

    const stored = await readCheckpoint(this.database.db);
    if (stored && (stored.chainId !== deployment.chainId || stored.deploymentId !== this.deploymentId)) {
      this.logger.warn(`index belongs to another deployment (chain ${stored.chainId}); starting afresh`);
      await resetIndex(this.database.db);
      this.checkpoint = undefined;
    } else this.checkpoint = stored;
    if (!this.checkpoint) this.checkpoint = await this.initialCheckpoint();

    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  status(): IndexerStatus {
    const cp = this.checkpoint;
    return {
      chainId: cp?.chainId,
      indexedBlock: cp?.number,
      indexedTimestamp: cp?.timestamp,
      chainHead: this.chainHead,
      lagBlocks: cp && this.chainHead !== undefined ? this.chainHead - cp.number : undefined,
      backfilling: cp !== undefined && this.chainHead !== undefined && this.chainHead - cp.number > this.chunk,
      eventsIndexed: this.eventsIndexed,
      reorgs: this.reorgs,
      lastError: this.lastError,
    };
  }

  /** Resolves once the index has reached `blockNumber` (or rejects after `timeoutMs`). */
  async waitForBlock(blockNumber: bigint, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.checkpoint?.number ?? -1n) < blockNumber) {
      if (Date.now() > deadline) throw new Error(`indexer did not reach block ${blockNumber} in ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  private async initialCheckpoint(): Promise<Checkpoint> {
    const start = this.chain.deployment.startBlock;
    const number = start > 0n ? start - 1n : 0n;
    const block = await this.chain.client.getBlock({ blockNumber: number });
    return {
      chainId: this.chain.deployment.chainId,
      deploymentId: this.deploymentId,
      number,
      hash: block.hash,
      timestamp: block.timestamp,
    };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const progressed = await this.step();
        failures = 0;
        this.lastError = undefined;
        if (!progressed) await sleep(this.config.INDEXER_POLL_MS);
      } catch (error) {
        failures += 1;
        this.lastError = (error as Error).message;
        if (!(error instanceof RangeChangedError)) this.logger.warn(`sync failed (${failures}): ${this.lastError}`);
        await sleep(Math.min(10_000, this.config.INDEXER_POLL_MS * 2 ** Math.min(failures, 6)));
      }
    }
  }

  /** One iteration: detect a reorg, or index the next range. Returns whether anything happened. */
  private async step(): Promise<boolean> {
    const client = this.chain.client;
    const head = await client.getBlockNumber({ cacheTime: 0 });
    this.chainHead = head;
    const cp = this.checkpoint!;

    const atCheckpoint = cp.number <= head ? await client.getBlock({ blockNumber: cp.number }) : undefined;
    if (!atCheckpoint || atCheckpoint.hash !== cp.hash) {
      await this.recoverFromReorg(cp);
      return true;
    }

    const target = head - BigInt(this.config.INDEXER_CONFIRMATIONS);
    if (target <= cp.number) return false;
    const toBlock = cp.number + this.chunk < target ? cp.number + this.chunk : target;
    let range;
    try {
      range = await fetchRange({ client, contracts: this.contracts, fromBlock: cp.number + 1n, toBlock });
    } catch (error) {
      if (error instanceof RangeChangedError || this.chunk === 1n || !isRangeTooLarge(error)) throw error;
      this.chunk = this.chunk / 2n; // the node refused the range: ask for less next time
      this.rangesSinceRefusal = 0;
      return true;
    }
    // After a refused range, grow back towards the configured size once ranges keep succeeding
    // (not at once: a dense stretch of blocks would be refused again).
    const configured = BigInt(this.config.INDEXER_CHUNK_BLOCKS);
    if (this.chunk < configured && ++this.rangesSinceRefusal >= 16) {
      this.rangesSinceRefusal = 0;
      this.chunk = this.chunk * 2n < configured ? this.chunk * 2n : configured;
    }
    const next: Checkpoint = { ...cp, ...range.toBlock };
    const fresh = await commitRange(this.database.db, next, range.events, range.blocks);
    this.checkpoint = next;
    this.eventsIndexed += fresh.length;
    this.events$.next({ type: "block", checkpoint: next, events: fresh });
    if (head - next.number > this.chunk && Date.now() - this.lastProgressLog > 2_000) {
      this.lastProgressLog = Date.now();
      this.logger.log(`backfill: block ${next.number} of ${head} (${this.eventsIndexed} events)`);
    }
    return true;
  }

  /** Walks back over the stored block hashes to the newest one still on the chain and rolls back to it. */
  private async recoverFromReorg(cp: Checkpoint): Promise<void> {
    const client = this.chain.client;
    let ancestor: BlockRef | undefined;
    const PAGE = 50;
    for (let offset = 0; !ancestor; offset += PAGE) {
      const stored = await storedBlocksBelow(this.database.db, cp.number, PAGE, offset);
      if (stored.length === 0) break;
      const onChain = await Promise.all(
        stored.map((b) => client.getBlock({ blockNumber: b.number }).catch(() => undefined)),
      );
      ancestor = stored.find((b, i) => onChain[i]?.hash === b.hash);
    }
    const base = ancestor ?? (await this.initialCheckpoint());
    const target: Checkpoint = { ...cp, number: base.number, hash: base.hash, timestamp: base.timestamp };
    const dropped = await rollbackTo(this.database.db, target, ABIS as unknown as Record<ContractName, Abi>);
    const depth = Number(cp.number - target.number);
    this.checkpoint = target;
    this.reorgs += 1;
    this.logger.warn(`reorg: rolled back ${depth} blocks to ${target.number} (${dropped} events dropped)`);
    this.events$.next({ type: "reorg", ancestor: target, depth, droppedEvents: dropped });
  }
}

function isRangeTooLarge(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error).toLowerCase();
  return /range|too many|limit|exceed|timeout/.test(text);
}
