import { isHex, maxUint256, maxUint64, type Hex } from "viem";
import { BaseError } from "../errors/base.js";
import { InvalidReceiptError, type InvalidReceiptErrorType } from "../errors/receipt.js";
import { stringToBytes32 } from "../utils/stringToBytes32.js";
import { type Receipt, type ReceiptFields, receiptKinds } from "./types.js";

export type ToReceiptFieldsReturnType = ReceiptFields;
export type ToReceiptFieldsErrorType = InvalidReceiptErrorType;

/**
 * Converts a {@link Receipt} into the struct the contract takes (`IReceiptRegistry.Receipt`),
 * checking every field: integers in range, hashes 32 bytes, a known kind, short strings that fit.
 *
 * @param receipt - The receipt.
 * @returns The fields as `verifyReceiptFields` / `leafOf` take them.
 * @throws {InvalidReceiptError} Naming the field; `cause` holds the underlying error (e.g. `ShortStringTooLongError`).
 *
 * @example
 * toReceiptFields({ bookingId: 1n, decisionId, kind: 'route', instanceId: 'i-1', algorithm: 'p2c', inputsHash, timestamp: 1700000000n })
 * // { bookingId: 1n, decisionId, kind: 0, instanceId: '0x692d31…', algorithm: '0x703263…', inputsHash, timestamp: 1700000000n }
 */
export function toReceiptFields(receipt: Receipt): ToReceiptFieldsReturnType {
  return {
    bookingId: uint("bookingId", receipt.bookingId, maxUint256),
    decisionId: bytes32("decisionId", receipt.decisionId),
    kind: kind(receipt.kind),
    instanceId: shortString("instanceId", receipt.instanceId),
    algorithm: shortString("algorithm", receipt.algorithm),
    inputsHash: bytes32("inputsHash", receipt.inputsHash),
    timestamp: uint("timestamp", receipt.timestamp, maxUint64),
  };
}

function uint(field: string, value: bigint, max: bigint): bigint {
  if (typeof value !== "bigint") throw new InvalidReceiptError({ field, value, reason: "expected a bigint" });
  if (value < 0n || value > max) throw new InvalidReceiptError({ field, value, reason: `out of range 0..${max}` });
  return value;
}

function bytes32(field: string, value: Hex): Hex {
  if (!isHex(value, { strict: true }) || value.length !== 66) {
    throw new InvalidReceiptError({ field, value, reason: "expected 32 bytes of hex" });
  }
  return value;
}

function kind(value: Receipt["kind"]): number {
  const index = receiptKinds.indexOf(value);
  if (index < 0)
    throw new InvalidReceiptError({ field: "kind", value, reason: `expected one of ${receiptKinds.join(", ")}` });
  return index;
}

function shortString(field: string, value: string): Hex {
  if (typeof value !== "string") throw new InvalidReceiptError({ field, value, reason: "expected a string" });
  try {
    return stringToBytes32(value);
  } catch (cause) {
    throw new InvalidReceiptError({
      field,
      value,
      reason: cause instanceof BaseError ? cause.shortMessage : "not a short string",
      cause,
    });
  }
}
