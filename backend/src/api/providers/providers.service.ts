import { Inject, Injectable, NotFoundException } from "@nestjs/common";
import { count, eq, sql, type SQLWrapper } from "drizzle-orm";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { bookings, providers, resources } from "../../database/schema.js";
import { earnedWei, effectiveState } from "../bookings/booking-state.js";
import { ChainStatusService } from "../chain-status/chain-status.service.js";
import type { ProviderDto } from "./dto/provider.dto.js";
import { toProviderRecord } from "./provider.mapper.js";

/** Σ of a uint256 column as a decimal string ("0" over no rows). */
const total = (column: SQLWrapper) => sql<string>`coalesce(sum(${column}), 0)::text`;

/** Reads provider profiles from the index. */
@Injectable()
export class ProvidersService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChainStatusService) private readonly chainStatus: ChainStatusService,
  ) {}

  /** The record, listings, and booking totals at the indexed chain time; 404 when never registered. */
  async get(address: string): Promise<ProviderDto> {
    const db = this.database.db;
    const [row] = await db.select().from(providers).where(eq(providers.address, address));
    if (!row) throw new NotFoundException(`provider ${address} not found`);
    const now = await this.chainStatus.now();
    const state = effectiveState(now);
    const [[listings], [totals], byState] = await Promise.all([
      db
        .select({ total: count(), active: sql<number>`count(*) filter (where ${resources.active})::int` })
        .from(resources)
        .where(eq(resources.provider, address)),
      db
        .select({
          total: count(),
          amount: total(bookings.amount),
          refunded: total(bookings.refunded),
          penalized: total(bookings.penalized),
          withdrawnNet: total(bookings.withdrawnNet),
          feesPaid: total(bookings.feesPaid),
          earned: total(earnedWei(now)),
        })
        .from(bookings)
        .where(eq(bookings.provider, address)),
      db
        .select({ state, n: count() })
        .from(bookings)
        .where(eq(bookings.provider, address))
        // By position: Drizzle qualifies columns differently in SELECT and GROUP BY, and PostgreSQL
        // only matches a grouped expression written identically.
        .groupBy(sql`1`),
    ]);
    return {
      ...toProviderRecord(row),
      resources: { total: listings.total, active: listings.active },
      bookings: { ...totals, byState: Object.fromEntries(byState.map((s) => [s.state, s.n])) },
      earningsWithdrawn: totals.withdrawnNet,
    };
  }
}
