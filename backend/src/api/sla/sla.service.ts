import { Inject, Injectable, NotFoundException } from "@nestjs/common";
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { offsetOf, toPage, type Page, type PaginationQueryDto } from "../../common/dto/pagination.dto.js";
import { sqlId } from "../../common/utils/sql.util.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { bookings, providers, slaReports } from "../../database/schema.js";
import type { ListSlaReportsQueryDto } from "./dto/list-sla-reports-query.dto.js";
import type { SlaReportDto, SlaReportStatus } from "./dto/sla-report.dto.js";

/** A report names its provider once final; before that, the booking's provider. */
const reportProvider = sql<string>`coalesce(${slaReports.provider}, ${bookings.provider})`;

/** Reads SLA reports from the index. */
@Injectable()
export class SlaService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  /** All reports, newest booking first (then latest period first). */
  list(query: ListSlaReportsQueryDto): Promise<Page<SlaReportDto>> {
    const where = and(
      query.provider === undefined ? undefined : eq(reportProvider, query.provider),
      query.bookingId === undefined ? undefined : eq(slaReports.bookingId, sqlId(query.bookingId)),
      query.status === undefined ? undefined : eq(slaReports.status, query.status),
      query.violated === undefined ? undefined : eq(slaReports.violated, query.violated),
    );
    return this.page(where, [desc(slaReports.bookingId), desc(slaReports.period)], query);
  }

  /** One booking's reports in period order; 404 when the booking is unknown. */
  async listForBooking(bookingId: string, query: PaginationQueryDto): Promise<Page<SlaReportDto>> {
    const [booking] = await this.db
      .select({ id: bookings.id })
      .from(bookings)
      .where(eq(bookings.id, sqlId(bookingId)));
    if (!booking) throw new NotFoundException(`booking ${bookingId} not found`);
    return this.page(eq(slaReports.bookingId, booking.id), [asc(slaReports.period)], query);
  }

  /** One provider's reports, newest booking first; 404 when the address never registered. */
  async listForProvider(address: string, query: PaginationQueryDto): Promise<Page<SlaReportDto>> {
    const [provider] = await this.db
      .select({ address: providers.address })
      .from(providers)
      .where(eq(providers.address, address));
    if (!provider) throw new NotFoundException(`provider ${address} not found`);
    return this.page(eq(reportProvider, address), [desc(slaReports.bookingId), desc(slaReports.period)], query);
  }

  private async page(where: SQL | undefined, order: SQL[], query: PaginationQueryDto): Promise<Page<SlaReportDto>> {
    const [rows, [{ total }]] = await Promise.all([
      this.db
        .select({ report: slaReports, provider: reportProvider })
        .from(slaReports)
        .leftJoin(bookings, eq(bookings.id, slaReports.bookingId))
        .where(where)
        .orderBy(...order)
        .limit(query.limit)
        .offset(offsetOf(query)),
      this.db
        .select({ total: count() })
        .from(slaReports)
        .leftJoin(bookings, eq(bookings.id, slaReports.bookingId))
        .where(where),
    ]);
    return toPage(
      rows.map(({ report: r, provider }) => ({
        bookingId: r.bookingId,
        period: r.period,
        provider,
        status: r.status as SlaReportStatus,
        uptimeBps: r.uptimeBps,
        p95LatencyMs: r.p95LatencyMs,
        violated: r.violated,
        penalty: r.penalty,
        refunded: r.refunded,
        fromStake: r.fromStake,
        submissions: r.submissions,
        disputedBy: r.disputedBy,
        finalizedAt: r.finalizedAt,
        appliedAt: r.appliedAt,
        updatedBlock: r.updatedBlock,
      })),
      total,
      query,
    );
  }
}
