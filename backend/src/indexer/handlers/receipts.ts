import { eq } from "drizzle-orm";
import { receiptBatches, schedulers } from "../../database/schema.js";
import { defineHandlers } from "../types.js";

const n = (v: bigint | number) => Number(v);

export const receiptHandlers = defineHandlers("ReceiptRegistry", {
  SchedulerAuthorized: async ({ tx }, e) => {
    const row = { provider: e.args.provider.toLowerCase(), active: true, updatedBlock: n(e.blockNumber) };
    await tx
      .insert(schedulers)
      .values({ address: e.args.scheduler.toLowerCase(), ...row })
      .onConflictDoUpdate({ target: schedulers.address, set: row });
  },
  SchedulerRevoked: async ({ tx }, e) => {
    await tx
      .update(schedulers)
      .set({ active: false, updatedBlock: n(e.blockNumber) })
      .where(eq(schedulers.address, e.args.scheduler.toLowerCase()));
  },
  BatchAnchored: async ({ tx }, e) => {
    await tx
      .insert(receiptBatches)
      .values({
        id: n(e.args.batchId),
        anchorer: e.args.anchorer.toLowerCase(),
        provider: e.args.provider.toLowerCase(),
        root: e.args.root,
        count: e.args.count,
        firstTimestamp: e.args.firstTimestamp,
        lastTimestamp: e.args.lastTimestamp,
        prevBatchId: n(e.args.prevBatchId),
        uri: e.args.uri,
        transactionHash: e.transactionHash,
        blockNumber: n(e.blockNumber),
        anchoredAt: n(e.blockTimestamp),
      })
      .onConflictDoNothing();
  },
});
