import { BadRequestException, Inject, Injectable, NotFoundException } from "@nestjs/common";
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import { offsetOf, toPage, type Page } from "../../common/dto/pagination.dto.js";
import { sqlId } from "../../common/utils/sql.util.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { receiptBatches, receipts, receiptTrees } from "../../database/schema.js";
import { proofFromNodes } from "../../receipts/tree/proof-from-nodes.js";
import type { ListReceiptsQueryDto } from "./dto/list-receipts-query.dto.js";
import type { PaginationQueryDto } from "../../common/dto/pagination.dto.js";
import type {
  ReceiptProofDto,
  ReceiptStatus,
  ReceiptSummaryDto,
  ReceiptTreeDto,
  ReceiptTreePageDto,
  UnanchoredReportDto,
} from "./dto/receipt.dto.js";
import type { ListReceiptBatchesQueryDto } from "./dto/list-receipt-batches-query.dto.js";
import type { ReceiptBatchDto } from "./dto/receipt-batch.dto.js";

/** The receipt columns every answer shows, with their tree's status. */
const summary = {
  bookingId: receipts.bookingId,
  decisionId: receipts.decisionId,
  kind: receipts.kind,
  instanceId: receipts.instanceId,
  algorithm: receipts.algorithm,
  inputsHash: receipts.inputsHash,
  timestamp: receipts.timestamp,
  decisions: receipts.decisions,
  status: receiptTrees.status,
  batchId: receiptTrees.batchId,
  root: receiptTrees.root,
};

/** Reads anchored receipt batches from the index, and this node's receipts with their proofs. */
@Injectable()
export class ReceiptsService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Newest first. */
  async listBatches(query: ListReceiptBatchesQueryDto): Promise<Page<ReceiptBatchDto>> {
    const db = this.database.db;
    const where = and(
      query.anchorer === undefined ? undefined : eq(receiptBatches.anchorer, query.anchorer),
      query.provider === undefined ? undefined : eq(receiptBatches.provider, query.provider),
    );
    const [items, [{ total }]] = await Promise.all([
      db
        .select()
        .from(receiptBatches)
        .where(where)
        .orderBy(desc(receiptBatches.id))
        .limit(query.limit)
        .offset(offsetOf(query)),
      db.select({ total: count() }).from(receiptBatches).where(where),
    ]);
    return toPage(items, total, query);
  }

  async getBatch(id: string): Promise<ReceiptBatchDto> {
    const [batch] = await this.database.db
      .select()
      .from(receiptBatches)
      .where(eq(receiptBatches.id, sqlId(id)));
    if (!batch) throw new NotFoundException(`receipt batch ${id} not found`);
    return batch;
  }

  /** This node's receipts, newest first. */
  async listReceipts(query: ListReceiptsQueryDto): Promise<Page<ReceiptSummaryDto>> {
    const where = and(
      query.bookingId === undefined ? undefined : eq(receipts.bookingId, query.bookingId),
      query.kind === undefined ? undefined : eq(receipts.kind, query.kind),
      query.status === undefined ? undefined : eq(receiptTrees.status, query.status),
    );
    return this.receiptPage(where, [desc(receipts.timestamp), desc(receipts.decisionId)], query);
  }

  /** A receipt and its proof. `id` is a validated decision id (32 bytes of lowercase hex). */
  async getReceipt(id: string): Promise<ReceiptProofDto> {
    const [row] = await this.database.db
      .select({
        ...summary,
        treeIndex: receipts.treeIndex,
        nodes: receiptTrees.nodes,
        txHash: receiptTrees.txHash,
        provider: receiptTrees.provider,
        anchorer: receiptTrees.anchorer,
      })
      .from(receipts)
      .innerJoin(receiptTrees, eq(receiptTrees.id, receipts.treeId))
      .where(eq(receipts.decisionId, id));
    if (!row) throw new NotFoundException(`receipt ${id} not found`);
    const { leaf, proof, root } = proofFromNodes(row.nodes, row.treeIndex);
    return {
      receipt: fieldsOf(row),
      leaf,
      proof,
      batchId: row.status === "anchored" ? row.batchId : null,
      root,
      txHash: row.status === "anchored" ? row.txHash : null,
      status: row.status as ReceiptStatus,
      decisions: row.decisions,
      provider: row.provider,
      anchorer: row.anchorer,
    };
  }

  /**
   * A batch of this node's receipts and one page of them, in tree order. `id` is an on-chain batch id
   * (decimal) or a tree root (0x + 64 hex digits, what the anchored `uri` names).
   */
  async listBatchReceipts(id: string, query: PaginationQueryDto): Promise<ReceiptTreePageDto> {
    let where: SQL;
    if (/^0x[0-9a-fA-F]{64}$/.test(id)) where = eq(receiptTrees.root, id.toLowerCase());
    else if (/^\d{1,18}$/.test(id))
      where = and(eq(receiptTrees.batchId, Number(id)), eq(receiptTrees.status, "anchored"))!;
    else
      throw new BadRequestException("id must be a batch id (decimal) or a batch root (0x followed by 64 hex digits)");
    const [tree] = await this.database.db
      .select({
        id: receiptTrees.id,
        root: receiptTrees.root,
        status: receiptTrees.status,
        batchId: receiptTrees.batchId,
        txHash: receiptTrees.txHash,
        provider: receiptTrees.provider,
        anchorer: receiptTrees.anchorer,
        count: receiptTrees.count,
        decisions: receiptTrees.decisions,
        firstTimestamp: receiptTrees.firstTimestamp,
        lastTimestamp: receiptTrees.lastTimestamp,
      })
      .from(receiptTrees)
      .where(where);
    if (!tree) throw new NotFoundException(`no receipts of batch ${id} on this node`);
    const page = await this.receiptPage(eq(receipts.treeId, tree.id), [asc(receipts.treeIndex)], query);
    const anchored = tree.status === "anchored";
    const batch: ReceiptTreeDto = {
      root: tree.root,
      status: tree.status as ReceiptStatus,
      batchId: anchored ? tree.batchId : null,
      txHash: anchored ? tree.txHash : null,
      provider: tree.provider,
      anchorer: tree.anchorer,
      count: tree.count,
      decisions: tree.decisions,
      firstTimestamp: tree.firstTimestamp,
      lastTimestamp: tree.lastTimestamp,
    };
    return { ...page, batch };
  }

  /** Receipts stored unanchored, per provider. */
  async unanchored(): Promise<UnanchoredReportDto[]> {
    const rows = await this.database.db
      .select({
        provider: receiptTrees.provider,
        batches: sql<string>`count(*)`,
        receipts: sql<string>`sum(${receiptTrees.count})`,
        decisions: sql<string>`sum(${receiptTrees.decisions})`,
      })
      .from(receiptTrees)
      .where(eq(receiptTrees.status, "unanchored"))
      .groupBy(receiptTrees.provider)
      .orderBy(receiptTrees.provider);
    return rows.map((r) => ({
      provider: r.provider,
      batches: Number(r.batches),
      receipts: Number(r.receipts),
      decisions: Number(r.decisions),
    }));
  }

  private async receiptPage(
    where: SQL | undefined,
    order: SQL[],
    query: PaginationQueryDto,
  ): Promise<Page<ReceiptSummaryDto>> {
    const db = this.database.db;
    const [rows, [{ total }]] = await Promise.all([
      db
        .select(summary)
        .from(receipts)
        .innerJoin(receiptTrees, eq(receiptTrees.id, receipts.treeId))
        .where(where)
        .orderBy(...order)
        .limit(query.limit)
        .offset(offsetOf(query)),
      db
        .select({ total: count() })
        .from(receipts)
        .innerJoin(receiptTrees, eq(receiptTrees.id, receipts.treeId))
        .where(where),
    ]);
    const items = rows.map((r) => ({
      ...fieldsOf(r),
      decisions: r.decisions,
      status: r.status as ReceiptStatus,
      batchId: r.status === "anchored" ? r.batchId : null,
      root: r.root,
    }));
    return toPage(items, total, query);
  }
}

function fieldsOf(r: {
  bookingId: string;
  decisionId: string;
  kind: string;
  instanceId: string;
  algorithm: string;
  inputsHash: string;
  timestamp: number;
}) {
  return {
    bookingId: r.bookingId,
    decisionId: r.decisionId,
    kind: r.kind,
    instanceId: r.instanceId,
    algorithm: r.algorithm,
    inputsHash: r.inputsHash,
    timestamp: r.timestamp,
  };
}
