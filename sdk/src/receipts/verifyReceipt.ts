import { isHex, type Hex } from "viem";
import { InvalidProofError, type InvalidProofErrorType, type InvalidReceiptErrorType } from "../errors/receipt.js";
import { hashReceipt } from "./hashReceipt.js";
import { processProof } from "./processProof.js";
import type { Receipt } from "./types.js";

export type VerifyReceiptParameters = {
  /** The batch's Merkle root (e.g. `batchRoot(batchId)` on the ReceiptRegistry, or `getReceiptBatch`'s `root`). */
  root: Hex;
  /** The receipt's proof (sibling hashes from the leaf up). */
  proof: readonly Hex[];
} & (
  | {
      /** The receipt; its leaf is computed with `hashReceipt`. */
      receipt: Receipt;
      leaf?: undefined;
    }
  | {
      /** The receipt's leaf, when only the leaf is known. */
      leaf: Hex;
      receipt?: undefined;
    }
);
export type VerifyReceiptReturnType = boolean;
export type VerifyReceiptErrorType = InvalidProofErrorType | InvalidReceiptErrorType;

/**
 * Checks off-chain that a receipt is in the batch with Merkle root `root`, as
 * `MerkleProof.verify` does on-chain: the proof must lead from the receipt's leaf to the root.
 *
 * @param parameters - {@link VerifyReceiptParameters}
 * @returns Whether the proof is valid. A tampered receipt, leaf or proof gives `false`.
 * @throws {InvalidProofError} When the root, leaf or a proof element is not 32 bytes of hex.
 * @throws {InvalidReceiptError} When the receipt cannot be encoded.
 *
 * @example
 * verifyReceipt({ root, receipt, proof })
 * // true
 */
export function verifyReceipt(parameters: VerifyReceiptParameters): VerifyReceiptReturnType {
  const { root, proof } = parameters;
  if (!isHex(root, { strict: true }) || root.length !== 66) throw new InvalidProofError({ what: "root", value: root });
  const leaf = parameters.receipt !== undefined ? hashReceipt(parameters.receipt) : parameters.leaf;
  return processProof({ leaf, proof }) === root.toLowerCase();
}
