import { isHex, type Hex } from "viem";
import { receiptKinds, type Receipt, type ReceiptKind } from "../receipts/types.js";

/** A receipt with what is needed to check it: as `GET /receipts/:id` serves it, or as an auditor saved it. */
export type ReceiptDocument = {
  receipt: Receipt;
  proof: Hex[];
  batchId: bigint;
};

/** Input an auditor gave that is not a receipt document; the message says which field and why. */
export class ReceiptDocumentError extends Error {
  override name = "ReceiptDocumentError" as const;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function bytes32(value: unknown, field: string): Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 66) {
    throw new ReceiptDocumentError(`${field} must be 32 bytes of 0x-prefixed hex, got ${JSON.stringify(value)}`);
  }
  return value.toLowerCase() as Hex;
}

function unsigned(value: unknown, field: string): bigint {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !/^\d+$/.test(text)) {
    throw new ReceiptDocumentError(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return BigInt(text);
}

function shortString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ReceiptDocumentError(`${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Reads a receipt document: `{ receipt: { bookingId, decisionId, kind, instanceId, algorithm,
 * inputsHash, timestamp }, proof: [...], batchId }`, the shape of the backend's `GET /receipts/:id`
 * (integers may be numbers or decimal strings). Nothing else in the document is trusted.
 *
 * @throws {ReceiptDocumentError} naming the first field that is missing or malformed.
 */
export function parseReceiptDocument(input: unknown): ReceiptDocument {
  if (!isRecord(input)) throw new ReceiptDocumentError("the document must be a JSON object");
  const r = input.receipt;
  if (!isRecord(r)) throw new ReceiptDocumentError("receipt must be an object");
  if (!receiptKinds.includes(r.kind as ReceiptKind)) {
    throw new ReceiptDocumentError(
      `receipt.kind must be one of ${receiptKinds.join(", ")}, got ${JSON.stringify(r.kind)}`,
    );
  }
  if (input.batchId === null || input.batchId === undefined) {
    throw new ReceiptDocumentError(
      "batchId is missing: the receipt is not anchored (yet), so there is nothing on-chain to check",
    );
  }
  if (!Array.isArray(input.proof)) throw new ReceiptDocumentError("proof must be an array of 32-byte hex strings");
  return {
    receipt: {
      bookingId: unsigned(r.bookingId, "receipt.bookingId"),
      decisionId: bytes32(r.decisionId, "receipt.decisionId"),
      kind: r.kind as ReceiptKind,
      instanceId: shortString(r.instanceId, "receipt.instanceId"),
      algorithm: shortString(r.algorithm, "receipt.algorithm"),
      inputsHash: bytes32(r.inputsHash, "receipt.inputsHash"),
      timestamp: unsigned(r.timestamp, "receipt.timestamp"),
    },
    proof: input.proof.map((p, i) => bytes32(p, `proof[${i}]`)),
    batchId: unsigned(input.batchId, "batchId"),
  };
}
