import { eq, sql } from "drizzle-orm";
import { bookings, parameters } from "../../database/schema.js";
import { defineHandlers } from "../types.js";
import { setParameter } from "./marketplace.js";

const n = (v: bigint | number) => Number(v);

export const escrowHandlers = defineHandlers("EscrowManager", {
  StreamOpened: async ({ tx }, e) => {
    await tx
      .update(bookings)
      .set({ feeBps: e.args.feeBps })
      .where(eq(bookings.id, n(e.args.bookingId)));
  },
  StreamExtended: async ({ tx }, e) => {
    if (e.args.end === 0) return; // not started: the end is set on activation
    await tx
      .update(bookings)
      .set({ endTime: n(e.args.end), updatedBlock: n(e.blockNumber) })
      .where(eq(bookings.id, n(e.args.bookingId)));
  },
  StreamCancelled: async ({ tx }, e) => {
    await tx
      .update(bookings)
      .set({
        refunded: sql`${bookings.refunded} + ${e.args.refund.toString()}`,
        ...(e.args.end === 0 ? {} : { endTime: n(e.args.end) }),
        updatedBlock: n(e.blockNumber),
      })
      .where(eq(bookings.id, n(e.args.bookingId)));
  },
  EarningsWithdrawn: async ({ tx }, e) => {
    await tx
      .update(bookings)
      .set({
        withdrawnNet: sql`${bookings.withdrawnNet} + ${e.args.net.toString()}`,
        feesPaid: sql`${bookings.feesPaid} + ${e.args.fee.toString()}`,
        settled: e.args.settled.toString(),
        updatedBlock: n(e.blockNumber),
      })
      .where(eq(bookings.id, n(e.args.bookingId)));
  },
  PenaltyApplied: async ({ tx }, e) => {
    await tx
      .update(bookings)
      .set({ penalized: e.args.totalPenalized.toString(), updatedBlock: n(e.blockNumber) })
      .where(eq(bookings.id, n(e.args.bookingId)));
  },
  FeesSwept: async ({ tx }, e) => {
    const value = e.args.amount.toString();
    await tx
      .insert(parameters)
      .values({ name: "feesSwept", value, updatedBlock: n(e.blockNumber) })
      .onConflictDoUpdate({
        target: parameters.name,
        set: { value: sql`(${parameters.value}::numeric + ${value}::numeric)::text`, updatedBlock: n(e.blockNumber) },
      });
  },
  PlatformFeeUpdated: (ctx, e) => setParameter(ctx, "platformFeeBps", e.args.newFeeBps.toString(), e.blockNumber),
  TreasuryUpdated: (ctx, e) => setParameter(ctx, "treasury", e.args.newTreasury.toLowerCase(), e.blockNumber),
  Paused: (ctx, e) => setParameter(ctx, "escrowPaused", "true", e.blockNumber),
  Unpaused: (ctx, e) => setParameter(ctx, "escrowPaused", "false", e.blockNumber),
});
