import { BaseError } from "../errors/base.js";
import { InvalidReceiptError, type InvalidReceiptErrorType } from "../errors/receipt.js";
import { bytes32ToString } from "../utils/bytes32ToString.js";
import { type Receipt, type ReceiptFields, receiptKinds } from "./types.js";

export type FromReceiptFieldsReturnType = Receipt;
export type FromReceiptFieldsErrorType = InvalidReceiptErrorType;

/**
 * Converts the contract's struct (`IReceiptRegistry.Receipt`, e.g. decoded from calldata) back into a {@link Receipt}.
 *
 * @param fields - The struct's fields.
 * @returns The receipt, with the kind as a name and the bytes32 short strings decoded.
 * @throws {InvalidReceiptError} When the kind is unknown or a bytes32 is not a short string.
 *
 * @example
 * fromReceiptFields({ bookingId: 1n, decisionId, kind: 0, instanceId: '0x692d31…', algorithm: '0x703263…', inputsHash, timestamp: 1700000000n })
 * // { bookingId: 1n, decisionId, kind: 'route', instanceId: 'i-1', algorithm: 'p2c', inputsHash, timestamp: 1700000000n }
 */
export function fromReceiptFields(fields: ReceiptFields): FromReceiptFieldsReturnType {
  const kind = receiptKinds[fields.kind];
  if (kind === undefined) {
    throw new InvalidReceiptError({
      field: "kind",
      value: fields.kind,
      reason: `expected 0..${receiptKinds.length - 1}`,
    });
  }
  return {
    bookingId: fields.bookingId,
    decisionId: fields.decisionId,
    kind,
    instanceId: decode("instanceId", fields.instanceId),
    algorithm: decode("algorithm", fields.algorithm),
    inputsHash: fields.inputsHash,
    timestamp: fields.timestamp,
  };
}

function decode(field: string, value: ReceiptFields["instanceId"]): string {
  try {
    return bytes32ToString(value);
  } catch (cause) {
    throw new InvalidReceiptError({
      field,
      value,
      reason: cause instanceof BaseError ? cause.shortMessage : "not a short string",
      cause,
    });
  }
}
