import { Inject, Injectable } from "@nestjs/common";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { bookings, receiptBatches, receipts, receiptTrees } from "../database/schema.js";
import type { PreparedReceipt } from "./tree/prepare-receipts.js";

/** Receipts per multi-row insert (10 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 2_000;

export type TreeStatus = "unanchored" | "pending" | "anchored";
export type NewTree = {
  provider: string;
  anchorer: string | null;
  root: string;
  nodes: Uint8Array;
  firstTimestamp: number;
  lastTimestamp: number;
  decisions: number;
};
export type TreeRow = typeof receiptTrees.$inferSelect;
export type AnchoredTree = Pick<
  TreeRow,
  "id" | "provider" | "anchorer" | "root" | "count" | "decisions" | "batchId" | "txHash" | "blockNumber" | "createdAt"
>;

/** The receipts module's writes and its own reads (the API reads in `api/receipts`). */
@Injectable()
export class ReceiptsStore {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Stores a closed batch: its tree and its receipts, in one transaction. Returns the tree id. */
  async insertTree(tree: NewTree, items: readonly PreparedReceipt[], treeIndex: readonly number[]): Promise<number> {
    return this.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(receiptTrees)
        .values({
          ...tree,
          nodes: Buffer.from(tree.nodes.buffer, tree.nodes.byteOffset, tree.nodes.byteLength),
          count: items.length,
          status: tree.anchorer ? "pending" : "unanchored",
        })
        .returning({ id: receiptTrees.id });
      const treeId = row!.id;
      for (let i = 0; i < items.length; i += INSERT_CHUNK) {
        const rows = [];
        for (let j = i; j < Math.min(items.length, i + INSERT_CHUNK); j++) {
          const r = items[j]!;
          rows.push({
            decisionId: r.decisionId,
            treeId,
            treeIndex: treeIndex[j]!,
            bookingId: r.bookingId,
            kind: r.kind,
            instanceId: r.instanceId,
            algorithm: r.algorithm,
            inputsHash: r.inputsHash,
            timestamp: r.timestamp,
            decisions: r.decisions,
          });
        }
        await tx.insert(receipts).values(rows);
      }
      return treeId;
    });
  }

  /** The provider of each booking the index knows. */
  async providersOf(bookingIds: readonly string[]): Promise<Map<string, string>> {
    const ids = bookingIds.filter((id) => /^\d{1,18}$/.test(id)).map(Number);
    if (ids.length === 0) return new Map();
    const rows = await this.database.db
      .select({ id: bookings.id, provider: bookings.provider })
      .from(bookings)
      .where(inArray(bookings.id, ids));
    return new Map(rows.map((r) => [String(r.id), r.provider]));
  }

  /** The oldest tree of `anchorer` not yet seen mined (to send, or whose transaction to check). */
  async nextToAnchor(anchorer: string): Promise<TreeRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(receiptTrees)
      .where(
        and(
          eq(receiptTrees.status, "pending"),
          eq(receiptTrees.anchorer, anchorer),
          or(isNull(receiptTrees.txHash), isNull(receiptTrees.blockNumber)),
        ),
      )
      .orderBy(asc(receiptTrees.id))
      .limit(1);
    return row;
  }

  async update(id: number, set: Partial<Pick<TreeRow, "attempts" | "lastError" | "txHash" | "blockNumber">>) {
    await this.database.db.update(receiptTrees).set(set).where(eq(receiptTrees.id, id));
  }

  /** Gives the unanchored trees of `provider` to `anchorer`: they become pending. Returns how many. */
  async assignAnchorer(provider: string, anchorer: string): Promise<number> {
    const rows = await this.database.db
      .update(receiptTrees)
      .set({ anchorer, status: "pending" })
      .where(and(eq(receiptTrees.status, "unanchored"), eq(receiptTrees.provider, provider)))
      .returning({ id: receiptTrees.id });
    return rows.length;
  }

  /** The indexed batch `anchorer` anchored with `root`, if any. */
  async indexedBatch(anchorer: string, root: string) {
    const [row] = await this.database.db
      .select()
      .from(receiptBatches)
      .where(and(eq(receiptBatches.anchorer, anchorer), eq(receiptBatches.root, root)));
    return row;
  }

  /** The last timestamp of an indexed batch (undefined when not indexed). */
  async batchLastTimestamp(batchId: bigint): Promise<number | undefined> {
    const [row] = await this.database.db
      .select({ lastTimestamp: receiptBatches.lastTimestamp })
      .from(receiptBatches)
      .where(eq(receiptBatches.id, Number(batchId)));
    return row?.lastTimestamp;
  }

  /**
   * Marks anchored every pending tree whose `BatchAnchored` event is indexed (matched on anchorer
   * and root), in one statement; returns those trees.
   */
  async markIndexedAsAnchored(): Promise<AnchoredTree[]> {
    return this.database.db
      .update(receiptTrees)
      .set({
        status: "anchored",
        batchId: receiptBatches.id,
        txHash: receiptBatches.transactionHash,
        blockNumber: receiptBatches.blockNumber,
        anchoredAt: sql`now()`,
      })
      .from(receiptBatches)
      .where(
        and(
          eq(receiptTrees.status, "pending"),
          eq(receiptTrees.anchorer, receiptBatches.anchorer),
          eq(receiptTrees.root, receiptBatches.root),
        ),
      )
      .returning({
        id: receiptTrees.id,
        provider: receiptTrees.provider,
        anchorer: receiptTrees.anchorer,
        root: receiptTrees.root,
        count: receiptTrees.count,
        decisions: receiptTrees.decisions,
        batchId: receiptTrees.batchId,
        txHash: receiptTrees.txHash,
        blockNumber: receiptTrees.blockNumber,
        createdAt: receiptTrees.createdAt,
      });
  }

  /** After a reorg to `ancestor`: trees mined above it are pending again (their transaction is checked anew). */
  async unwindAbove(ancestor: number): Promise<number> {
    const rows = await this.database.db
      .update(receiptTrees)
      .set({ status: "pending", batchId: null, blockNumber: null, anchoredAt: null })
      .where(
        and(
          sql`${receiptTrees.blockNumber} > ${ancestor}`,
          or(eq(receiptTrees.status, "anchored"), eq(receiptTrees.status, "pending")),
        ),
      )
      .returning({ id: receiptTrees.id });
    return rows.length;
  }

  /** Unanchored receipts per provider (what `GET /receipts/unanchored` reports). */
  async unanchoredByProvider(): Promise<{ provider: string; trees: number; receipts: number; decisions: number }[]> {
    const rows = await this.database.db
      .select({
        provider: receiptTrees.provider,
        trees: sql<number>`cast(count(*) as integer)`,
        receipts: sql<number>`cast(sum(${receiptTrees.count}) as integer)`,
        decisions: sql<number>`cast(sum(${receiptTrees.decisions}) as bigint)`,
      })
      .from(receiptTrees)
      .where(eq(receiptTrees.status, "unanchored"))
      .groupBy(receiptTrees.provider);
    return rows.map((r) => ({ ...r, decisions: Number(r.decisions) }));
  }
}
