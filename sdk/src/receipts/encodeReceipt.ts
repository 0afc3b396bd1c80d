import { encodeAbiParameters, type Hex } from "viem";
import type { InvalidReceiptErrorType } from "../errors/receipt.js";
import { toReceiptFields } from "./toReceiptFields.js";
import { type Receipt, receiptAbiParameters } from "./types.js";

export type EncodeReceiptReturnType = Hex;
export type EncodeReceiptErrorType = InvalidReceiptErrorType;

/**
 * ABI-encodes a receipt's values as `(uint256, bytes32, uint8, bytes32, bytes32, bytes32, uint64)`:
 * the bytes a leaf hashes (`abi.encode` in `ReceiptRegistry.leafOf`).
 *
 * @param receipt - The receipt.
 * @returns 224 bytes of ABI encoding, as hex.
 * @throws {InvalidReceiptError} When a field cannot be encoded.
 *
 * @example
 * encodeReceipt({ bookingId: 1n, decisionId, kind: 'route', instanceId: 'i-1', algorithm: 'p2c', inputsHash, timestamp: 1700000000n })
 * // '0x0000…0001…'
 */
export function encodeReceipt(receipt: Receipt): EncodeReceiptReturnType {
  const f = toReceiptFields(receipt);
  return encodeAbiParameters(receiptAbiParameters, [
    f.bookingId,
    f.decisionId,
    f.kind,
    f.instanceId,
    f.algorithm,
    f.inputsHash,
    f.timestamp,
  ]);
}
