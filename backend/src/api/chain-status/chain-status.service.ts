import { Inject, Injectable } from "@nestjs/common";
import { ChainService } from "../../chain/chain.service.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { IndexerService } from "../../indexer/indexer.service.js";
import { readCheckpoint } from "../../indexer/store.js";
import type { ChainStatusDto } from "./dto/chain-status.dto.js";

const num = (v: bigint | undefined): number | null => (v === undefined ? null : Number(v));

/** Where the index stands, and the chain time the rest of the API computes with. */
@Injectable()
export class ChainStatusService {
  constructor(
    @Inject(ChainService) private readonly chain: ChainService,
    @Inject(IndexerService) private readonly indexer: IndexerService,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  status(): ChainStatusDto {
    const s = this.indexer.status();
    const deployment = this.chain.deployment;
    return {
      chainId: deployment.chainId,
      indexedBlock: num(s.indexedBlock),
      indexedTimestamp: num(s.indexedTimestamp),
      chainHead: num(s.chainHead),
      lagBlocks: num(s.lagBlocks),
      backfilling: s.backfilling,
      eventsIndexed: s.eventsIndexed,
      reorgs: s.reorgs,
      startBlock: Number(deployment.startBlock),
      contracts: Object.fromEntries(Object.entries(deployment.contracts).map(([name, a]) => [name, a.toLowerCase()])),
    };
  }

  /**
   * "Now" for everything derived from time (expired/ended states, earnings): the timestamp of the
   * last indexed block, not the wall clock. The chain's clock is what the contracts use, it can run
   * ahead of the wall clock (tests, `evm_increaseTime`), and the index is consistent with it.
   */
  async now(): Promise<number> {
    const indexed = this.indexer.status().indexedTimestamp;
    if (indexed !== undefined) return Number(indexed);
    const stored = await readCheckpoint(this.database.db);
    return stored ? Number(stored.timestamp) : 0;
  }
}
