import { Inject, Injectable } from "@nestjs/common";
import { asc, count, desc, eq } from "drizzle-orm";
import { ChainService } from "../../chain/chain.service.js";
import { IndexerService } from "../../indexer/indexer.service.js";
import { offsetOf, toPage, type Page } from "../../common/dto/pagination.dto.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { parameters, proposals } from "../../database/schema.js";
import type { ListProposalsQueryDto } from "./dto/list-proposals-query.dto.js";
import type { ProposalDto, ProposalStatus } from "./dto/proposal.dto.js";

/**
 * Governed parameters the contracts expose through a getter, by the names the indexer gives them.
 * The others (reputation and slashing parameters) are only known from their events.
 */
const READABLE_PARAMETERS = [
  ["minStake", "ResourceMarketplace", "minStake"],
  ["provisionWindow", "ResourceMarketplace", "provisionWindow"],
  ["maxBookingDuration", "ResourceMarketplace", "maxBookingDuration"],
  ["marketplacePaused", "ResourceMarketplace", "paused"],
  ["platformFeeBps", "EscrowManager", "platformFeeBps"],
  ["treasury", "EscrowManager", "treasury"],
  ["escrowPaused", "EscrowManager", "paused"],
  ["reporterQuorum", "SLAEnforcement", "quorum"],
  ["disputeWindow", "SLAEnforcement", "disputeWindow"],
] as const;

/** Reads proposals and governed parameters from the index. */
@Injectable()
export class GovernanceService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChainService) private readonly chain: ChainService,
    @Inject(IndexerService) private readonly indexer: IndexerService,
  ) {}

  /** Newest first. */
  async listProposals(query: ListProposalsQueryDto): Promise<Page<ProposalDto>> {
    const db = this.database.db;
    const where = query.status === undefined ? undefined : eq(proposals.status, query.status);
    const [rows, [{ total }]] = await Promise.all([
      db
        .select()
        .from(proposals)
        .where(where)
        .orderBy(desc(proposals.createdBlock), desc(proposals.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(proposals).where(where),
    ]);
    return toPage(
      rows.map((p) => ({ ...p, status: p.status as ProposalStatus })),
      total,
      query,
    );
  }

  /**
   * Every governed parameter, by name (values as strings: numbers in decimal, addresses lowercase):
   * those with a getter read from the contracts at the indexed block, so they agree with the rest of
   * the index from the first block on; the others as last seen in their events.
   */
  async parameters(): Promise<Record<string, string>> {
    const rows = await this.database.db.select().from(parameters).orderBy(asc(parameters.name));
    const result: Record<string, string> = Object.fromEntries(rows.map((p) => [p.name, p.value]));
    const blockNumber = this.indexer.status().indexedBlock;
    if (blockNumber === undefined) return result;
    const values = await Promise.all(
      READABLE_PARAMETERS.map(([, contract, functionName]) =>
        this.chain.client.readContract({ ...this.chain.contract(contract), functionName, blockNumber } as never),
      ),
    );
    READABLE_PARAMETERS.forEach(([name], i) => {
      const value = values[i] as bigint | number | boolean | string;
      result[name] = typeof value === "string" ? value.toLowerCase() : String(value);
    });
    return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
  }
}
