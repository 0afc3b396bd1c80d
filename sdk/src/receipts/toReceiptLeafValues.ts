import type { InvalidReceiptErrorType } from "../errors/receipt.js";
import { toReceiptFields } from "./toReceiptFields.js";
import type { Receipt, ReceiptLeafValues } from "./types.js";

export type ToReceiptLeafValuesReturnType = ReceiptLeafValues;
export type ToReceiptLeafValuesErrorType = InvalidReceiptErrorType;

/**
 * Converts a {@link Receipt} into the value StandardMerkleTree stores for it ({@link ReceiptLeafValues}).
 *
 * @param receipt - The receipt.
 * @returns The tuple in `receiptLeafEncoding` order, integers as decimal strings.
 * @throws {InvalidReceiptError} When a field cannot be encoded.
 *
 * @example
 * toReceiptLeafValues(receipt)
 * // ['1', '0x…', 0, '0x692d31…', '0x703263…', '0x…', '1700000000']
 */
export function toReceiptLeafValues(receipt: Receipt): ToReceiptLeafValuesReturnType {
  const f = toReceiptFields(receipt);
  return [
    f.bookingId.toString(),
    f.decisionId,
    f.kind,
    f.instanceId,
    f.algorithm,
    f.inputsHash,
    f.timestamp.toString(),
  ];
}
