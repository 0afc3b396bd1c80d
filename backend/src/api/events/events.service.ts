import { BadRequestException, Inject, Injectable } from "@nestjs/common";
import { and, asc, count, eq, gte, lte } from "drizzle-orm";
import { offsetOf, toPage, type Page } from "../../common/dto/pagination.dto.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { events } from "../../database/schema.js";
import type { ChainEventDto } from "./dto/chain-event.dto.js";
import type { ListEventsQueryDto } from "./dto/list-events-query.dto.js";

/** Addresses inside decoded arguments come checksummed from the ABI decoder; the API returns them lowercase. */
function lowercaseAddresses(value: unknown): unknown {
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(lowercaseAddresses);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lowercaseAddresses(v)]));
  }
  return value;
}

/** Reads the raw event log. */
@Injectable()
export class EventsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** In chain order (block, then log index). */
  async list(query: ListEventsQueryDto): Promise<Page<ChainEventDto>> {
    if (query.fromBlock !== undefined && query.toBlock !== undefined && query.fromBlock > query.toBlock) {
      throw new BadRequestException("fromBlock must not be greater than toBlock");
    }
    const db = this.database.db;
    const where = and(
      query.contract === undefined ? undefined : eq(events.contract, query.contract),
      query.event === undefined ? undefined : eq(events.eventName, query.event),
      query.fromBlock === undefined ? undefined : gte(events.blockNumber, query.fromBlock),
      query.toBlock === undefined ? undefined : lte(events.blockNumber, query.toBlock),
    );
    const [rows, [{ total }]] = await Promise.all([
      db
        .select()
        .from(events)
        .where(where)
        .orderBy(asc(events.blockNumber), asc(events.logIndex))
        .limit(query.limit)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(events).where(where),
    ]);
    return toPage(
      rows.map(({ eventName, args, ...e }) => ({
        ...e,
        event: eventName,
        args: lowercaseAddresses(args) as Record<string, unknown>,
      })),
      total,
      query,
    );
  }
}
