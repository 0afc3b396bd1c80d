import type { InvalidReceiptErrorType } from "../errors/receipt.js";
import { fromReceiptFields } from "./fromReceiptFields.js";
import type { Receipt, ReceiptLeafValues } from "./types.js";

export type FromReceiptLeafValuesReturnType = Receipt;
export type FromReceiptLeafValuesErrorType = InvalidReceiptErrorType;

/**
 * Converts a StandardMerkleTree value ({@link ReceiptLeafValues}, e.g. from `tree.at(i)` or a stored
 * `tree.dump()`) back into a {@link Receipt}.
 *
 * @param values - The tuple in `receiptLeafEncoding` order.
 * @returns The receipt.
 * @throws {InvalidReceiptError} When the kind is unknown or a bytes32 is not a short string.
 *
 * @example
 * for (const [, values] of tree.entries()) console.log(fromReceiptLeafValues(values))
 */
export function fromReceiptLeafValues(values: ReceiptLeafValues): FromReceiptLeafValuesReturnType {
  const [bookingId, decisionId, kind, instanceId, algorithm, inputsHash, timestamp] = values;
  return fromReceiptFields({
    bookingId: BigInt(bookingId),
    decisionId,
    kind: Number(kind),
    instanceId,
    algorithm,
    inputsHash,
    timestamp: BigInt(timestamp),
  });
}
