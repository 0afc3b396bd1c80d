import { Inject, Injectable, NotFoundException } from "@nestjs/common";
import { and, count, desc, eq } from "drizzle-orm";
import { offsetOf, toPage, type Page } from "../../common/dto/pagination.dto.js";
import { sqlId } from "../../common/utils/sql.util.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { bookings, slaReports } from "../../database/schema.js";
import { ChainStatusService } from "../chain-status/chain-status.service.js";
import { earned, effectiveState, type BookingState } from "./booking-state.js";
import type { BookingDetailDto, BookingDto } from "./dto/booking.dto.js";
import type { ListBookingsQueryDto } from "./dto/list-bookings-query.dto.js";

type Row = { booking: typeof bookings.$inferSelect; state: BookingState; earned: string };

function toBooking({ booking: b, state, earned }: Row): BookingDto {
  return {
    id: b.id,
    resourceId: b.resourceId,
    consumer: b.consumer,
    provider: b.provider,
    state,
    pricePerSecond: b.pricePerSecond,
    duration: b.duration,
    feeBps: b.feeBps,
    provisionDeadline: b.provisionDeadline,
    startTime: b.startTime,
    endTime: b.endTime,
    amount: b.amount,
    refunded: b.refunded,
    penalized: b.penalized,
    withdrawnNet: b.withdrawnNet,
    feesPaid: b.feesPaid,
    settled: b.settled,
    earned,
    createdAt: b.createdAt,
    createdBlock: b.createdBlock,
    updatedBlock: b.updatedBlock,
  };
}

/** Reads bookings from the index, with states and earnings at the indexed chain time. */
@Injectable()
export class BookingsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(ChainStatusService) private readonly chainStatus: ChainStatusService,
  ) {}

  private get db() {
    return this.database.db;
  }

  /** Newest first. */
  async list(query: ListBookingsQueryDto): Promise<Page<BookingDto>> {
    const now = await this.chainStatus.now();
    const where = and(
      query.consumer === undefined ? undefined : eq(bookings.consumer, query.consumer),
      query.provider === undefined ? undefined : eq(bookings.provider, query.provider),
      query.resourceId === undefined ? undefined : eq(bookings.resourceId, sqlId(query.resourceId)),
      query.state === undefined ? undefined : eq(effectiveState(now), query.state),
    );
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ booking: bookings, state: effectiveState(now), earned: earned(now) })
        .from(bookings)
        .where(where)
        .orderBy(desc(bookings.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      this.db.select({ total: count() }).from(bookings).where(where),
    ]);
    return toPage(rows.map(toBooking), total, query);
  }

  async get(id: string): Promise<BookingDetailDto> {
    const now = await this.chainStatus.now();
    const [row] = await this.db
      .select({ booking: bookings, state: effectiveState(now), earned: earned(now) })
      .from(bookings)
      .where(eq(bookings.id, sqlId(id)));
    if (!row) throw new NotFoundException(`booking ${id} not found`);
    const [{ slaReportsCount }] = await this.db
      .select({ slaReportsCount: count() })
      .from(slaReports)
      .where(eq(slaReports.bookingId, row.booking.id));
    return { ...toBooking(row), storedState: row.booking.state, slaReportsCount };
  }
}
