import { sql, type SQL } from "drizzle-orm";
import { bookings } from "../../database/schema.js";

/**
 * A booking's lifecycle as `ResourceMarketplace.bookingState()` reports it. The index stores what the
 * events said (requested, active, completed, cancelled, reclaimed); `expired` and `ended` follow from
 * time alone, so they are derived here from the chain time the index has reached, as the contract
 * derives them from `block.timestamp`:
 * - requested and `now > provisionDeadline` → expired (anyone may reclaim it),
 * - active and `now >= end` → ended (anyone may complete it).
 */
export const BOOKING_STATES = [
  "requested",
  "active",
  "ended",
  "expired",
  "completed",
  "cancelled",
  "reclaimed",
] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/** The effective state at chain time `now` (seconds), as SQL: one definition for filters, rows and counts. */
export function effectiveState(now: number): SQL<BookingState> {
  return sql<BookingState>`(case
    when ${bookings.state} = 'requested' and ${bookings.provisionDeadline} < ${now}::bigint then 'expired'
    when ${bookings.state} = 'active' and ${bookings.endTime} <= ${now}::bigint then 'ended'
    else ${bookings.state} end)`;
}

/**
 * What the provider has earned at chain time `now`, as `EscrowManager.earned()` computes it:
 * rate × (min(now, end) − start), zero before activation. A SQL `numeric` (to sum).
 */
export function earnedWei(now: number): SQL<string> {
  return sql<string>`(case when ${bookings.startTime} is null then 0
    else ${bookings.pricePerSecond} * greatest(0, least(${now}::bigint, ${bookings.endTime}) - ${bookings.startTime}) end)`;
}

/** {@link earnedWei} as a decimal string (uint256), the same over PGlite and node-postgres. */
export function earned(now: number): SQL<string> {
  return sql<string>`(${earnedWei(now)})::text`;
}
