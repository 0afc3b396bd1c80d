import { Inject, Injectable, NotFoundException } from "@nestjs/common";
import { and, count, desc, eq } from "drizzle-orm";
import { offsetOf, toPage, type Page } from "../../common/dto/pagination.dto.js";
import { sqlId } from "../../common/utils/sql.util.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { receiptBatches } from "../../database/schema.js";
import type { ListReceiptBatchesQueryDto } from "./dto/list-receipt-batches-query.dto.js";
import type { ReceiptBatchDto } from "./dto/receipt-batch.dto.js";

/** Reads anchored receipt batches from the index. */
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
}
