import type { Hex } from "viem";
import { BaseError } from "./base.js";

export type InvalidReceiptErrorType = InvalidReceiptError & { name: "InvalidReceiptError" };

/** A receipt field cannot be encoded (wrong size, out of range, unknown kind, string too long). */
export class InvalidReceiptError extends BaseError {
  override name = "InvalidReceiptError" as const;
  field: string;

  constructor({ field, value, reason, cause }: { field: string; value: unknown; reason: string; cause?: unknown }) {
    const inner = cause instanceof BaseError ? cause : undefined;
    super(`Invalid receipt field "${field}": ${reason.replace(/\.$/, "")}.`, {
      metaMessages: [
        `${field}: ${typeof value === "bigint" ? `${value}n` : JSON.stringify(value)}`,
        ...(inner?.metaMessages ?? []),
      ],
      // A wrapped sdk error's message is already the reason: keep only its details.
      details: inner?.details,
      cause,
    });
    this.field = field;
  }
}

export type EmptyReceiptTreeErrorType = EmptyReceiptTreeError & { name: "EmptyReceiptTreeError" };

/** A receipt tree needs at least one receipt. */
export class EmptyReceiptTreeError extends BaseError {
  override name = "EmptyReceiptTreeError" as const;

  constructor() {
    super("Cannot build a receipt tree from zero receipts.");
  }
}

export type ReceiptNotInTreeErrorType = ReceiptNotInTreeError & { name: "ReceiptNotInTreeError" };

/** The receipt (or index) asked for is not a leaf of the tree. */
export class ReceiptNotInTreeError extends BaseError {
  override name = "ReceiptNotInTreeError" as const;

  constructor({ leaf, index, size }: { leaf?: Hex | undefined; index?: number | undefined; size: number }) {
    super("Receipt is not in the tree.", {
      metaMessages: [
        ...(leaf !== undefined ? [`leaf: ${leaf}`] : []),
        ...(index !== undefined ? [`index: ${index}`] : []),
        `tree size: ${size}`,
      ],
    });
  }
}

export type BatchNotFoundErrorType = BatchNotFoundError & { name: "BatchNotFoundError" };

/** No batch with this id has been anchored on the ReceiptRegistry. */
export class BatchNotFoundError extends BaseError {
  override name = "BatchNotFoundError" as const;
  batchId: bigint;

  constructor({ batchId, address, cause }: { batchId: bigint; address: Hex; cause?: unknown }) {
    super(`Batch ${batchId} has not been anchored.`, { metaMessages: [`ReceiptRegistry: ${address}`], cause });
    this.batchId = batchId;
  }
}

export type BatchEventNotFoundErrorType = BatchEventNotFoundError & { name: "BatchEventNotFoundError" };

/**
 * The batch is anchored (the ReceiptRegistry has its root) but its `BatchAnchored` log, where the rest
 * of the batch is recorded, is not in the block range searched: the range starts after the anchoring
 * block, or the node does not serve logs that old.
 */
export class BatchEventNotFoundError extends BaseError {
  override name = "BatchEventNotFoundError" as const;
  batchId: bigint;

  constructor({
    batchId,
    address,
    fromBlock,
    toBlock,
  }: {
    batchId: bigint;
    address: Hex;
    fromBlock: bigint;
    toBlock: bigint | "latest";
  }) {
    super(`Batch ${batchId} is anchored but its BatchAnchored log was not found.`, {
      metaMessages: [
        `ReceiptRegistry: ${address}`,
        `Searched blocks: ${fromBlock} to ${toBlock}`,
        "Pass a fromBlock at or before the block that anchored the batch, on a node that serves its logs (eth_getLogs).",
      ],
    });
    this.batchId = batchId;
  }
}

export type InvalidProofErrorType = InvalidProofError & { name: "InvalidProofError" };

/** A leaf, root or proof element is not 32 bytes of hex. */
export class InvalidProofError extends BaseError {
  override name = "InvalidProofError" as const;

  constructor({ what, value }: { what: string; value: unknown }) {
    super(`Invalid ${what}: expected 32 bytes of hex.`, { metaMessages: [`${what}: ${String(value)}`] });
  }
}
