import { Inject, Injectable } from "@nestjs/common";
import { ChainService } from "../chain/chain.service.js";
import type { BackendConfig } from "../config/config.js";
import { CONFIG } from "../config/constants.js";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { IndexerService } from "../indexer/indexer.service.js";

export type Readiness = {
  ready: boolean;
  checks: {
    database: boolean;
    chain: boolean;
    indexer: { ok: boolean; lagBlocks: number | null; maxLagBlocks: number };
  };
};

@Injectable()
export class HealthService {
  constructor(
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChainService) private readonly chain: ChainService,
    @Inject(IndexerService) private readonly indexer: IndexerService,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, chain] = await Promise.all([this.database.ping().catch(() => false), this.chain.ping()]);
    const lag = this.indexer.status().lagBlocks;
    const lagBlocks = lag === undefined ? null : Number(lag);
    const indexerOk = lagBlocks !== null && lagBlocks <= this.config.READY_MAX_LAG_BLOCKS;
    return {
      ready: database && chain && indexerOk,
      checks: {
        database,
        chain,
        indexer: { ok: indexerOk, lagBlocks, maxLagBlocks: this.config.READY_MAX_LAG_BLOCKS },
      },
    };
  }
}
