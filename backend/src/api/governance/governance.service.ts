import { Inject, Injectable } from "@nestjs/common";
import { asc, count, desc, eq } from "drizzle-orm";
import { offsetOf, toPage, type Page } from "../../common/dto/pagination.dto.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { parameters, proposals } from "../../database/schema.js";
import type { ListProposalsQueryDto } from "./dto/list-proposals-query.dto.js";
import type { ProposalDto, ProposalStatus } from "./dto/proposal.dto.js";

/** Reads proposals and governed parameters from the index. */
@Injectable()
export class GovernanceService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

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

  /** Every parameter seen in events, by name (values as strings: numbers in decimal, addresses lowercase). */
  async parameters(): Promise<Record<string, string>> {
    const rows = await this.database.db.select().from(parameters).orderBy(asc(parameters.name));
    return Object.fromEntries(rows.map((p) => [p.name, p.value]));
  }
}
