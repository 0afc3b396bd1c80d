import { keccak256, type Hex } from "viem";
import type { InvalidReceiptErrorType } from "../errors/receipt.js";
import { encodeReceipt } from "./encodeReceipt.js";
import type { Receipt } from "./types.js";

export type HashReceiptReturnType = Hex;
export type HashReceiptErrorType = InvalidReceiptErrorType;

/**
 * The receipt's Merkle leaf, exactly as OpenZeppelin's StandardMerkleTree and
 * `ReceiptRegistry.leafOf` compute it: `keccak256(keccak256(abi.encode(...values)))`.
 * (Hashing twice keeps a leaf from ever being mistaken for an inner node: see the 64-byte-leaf
 * warning in `MerkleProof.sol`.)
 *
 * @param receipt - The receipt.
 * @returns The 32-byte leaf.
 * @throws {InvalidReceiptError} When a field cannot be encoded.
 *
 * @example
 * const leaf = hashReceipt(receipt)
 * await registry.read.verifyReceipt([batchId, leaf, proof])
 */
export function hashReceipt(receipt: Receipt): HashReceiptReturnType {
  return keccak256(keccak256(encodeReceipt(receipt)));
}
