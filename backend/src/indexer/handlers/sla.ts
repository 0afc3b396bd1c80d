import { and, eq, sql } from "drizzle-orm";
import { providers, slaReports } from "../../database/schema.js";
import { defineHandlers } from "../types.js";
import { setParameter } from "./marketplace.js";

const n = (v: bigint | number) => Number(v);
const key = (bookingId: bigint, period: bigint) =>
  and(eq(slaReports.bookingId, n(bookingId)), eq(slaReports.period, n(period)));

export const slaHandlers = defineHandlers("SLAEnforcement", {
  ReportSubmitted: async ({ tx }, e) => {
    await tx
      .insert(slaReports)
      .values({
        bookingId: n(e.args.bookingId),
        period: n(e.args.period),
        status: "submitted",
        submissions: 1,
        updatedBlock: n(e.blockNumber),
      })
      .onConflictDoUpdate({
        target: [slaReports.bookingId, slaReports.period],
        set: { submissions: sql`${slaReports.submissions} + 1`, updatedBlock: n(e.blockNumber) },
      });
  },
  ReportFinalized: async ({ tx }, e) => {
    await tx
      .update(slaReports)
      .set({
        provider: e.args.provider.toLowerCase(),
        status: "pending",
        uptimeBps: e.args.uptimeBps,
        p95LatencyMs: e.args.p95LatencyMs,
        violated: e.args.violated,
        penalty: e.args.penalty.toString(),
        finalizedAt: n(e.blockTimestamp),
        updatedBlock: n(e.blockNumber),
      })
      .where(key(e.args.bookingId, e.args.period));
  },
  ReportDisputed: async ({ tx }, e) => {
    await tx
      .update(slaReports)
      .set({ status: "disputed", disputedBy: e.args.by.toLowerCase(), updatedBlock: n(e.blockNumber) })
      .where(key(e.args.bookingId, e.args.period));
  },
  DisputeResolved: async ({ tx }, e) => {
    await tx
      .update(slaReports)
      .set({ violated: e.args.violated, penalty: e.args.penalty.toString(), updatedBlock: n(e.blockNumber) })
      .where(key(e.args.bookingId, e.args.period));
  },
  ReportApplied: async ({ tx }, e) => {
    await tx
      .update(slaReports)
      .set({
        status: "applied",
        violated: e.args.violated,
        refunded: e.args.refunded.toString(),
        fromStake: e.args.fromStake.toString(),
        appliedAt: n(e.blockTimestamp),
        updatedBlock: n(e.blockNumber),
      })
      .where(key(e.args.bookingId, e.args.period));
    await tx
      .update(providers)
      .set({
        reputationBps: e.args.reputationBps,
        periodsReported: sql`${providers.periodsReported} + 1`,
        violations: e.args.violated ? sql`${providers.violations} + 1` : providers.violations,
        updatedBlock: n(e.blockNumber),
      })
      .where(eq(providers.address, e.args.provider.toLowerCase()));
  },
  QuorumUpdated: (ctx, e) => setParameter(ctx, "reporterQuorum", e.args.newQuorum.toString(), e.blockNumber),
  DisputeWindowUpdated: (ctx, e) => setParameter(ctx, "disputeWindow", e.args.newWindow.toString(), e.blockNumber),
  ReputationParamsUpdated: async (ctx, e) => {
    await setParameter(ctx, "reputationGainBps", e.args.gainBps.toString(), e.blockNumber);
    await setParameter(ctx, "reputationLossBps", e.args.lossBps.toString(), e.blockNumber);
  },
  SlashingParamsUpdated: async (ctx, e) => {
    await setParameter(ctx, "strikeThreshold", e.args.strikeThreshold.toString(), e.blockNumber);
    await setParameter(ctx, "slashBps", e.args.slashBps.toString(), e.blockNumber);
  },
});
