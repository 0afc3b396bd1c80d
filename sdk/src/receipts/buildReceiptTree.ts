import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import {
  EmptyReceiptTreeError,
  type EmptyReceiptTreeErrorType,
  type InvalidReceiptErrorType,
} from "../errors/receipt.js";
import { toReceiptLeafValues } from "./toReceiptLeafValues.js";
import { type Receipt, type ReceiptLeafValues, type ReceiptTree, receiptLeafEncoding } from "./types.js";

export type BuildReceiptTreeParameters = {
  /** The batch's receipts, at least one. */
  receipts: readonly Receipt[];
};
export type BuildReceiptTreeReturnType = {
  /** The StandardMerkleTree; `tree.dump()` is JSON-safe and {@link loadReceiptTree} reads it back. */
  tree: ReceiptTree;
  /** The root to anchor with `ReceiptRegistry.anchorBatch`. */
  root: Hex;
};
export type BuildReceiptTreeErrorType = EmptyReceiptTreeErrorType | InvalidReceiptErrorType;

/**
 * Builds the Merkle tree of a batch of receipts with OpenZeppelin's StandardMerkleTree, so its
 * proofs verify with `MerkleProof.sol` (and `ReceiptRegistry.verifyReceipt`).
 *
 * Leaves are sorted by hash (the StandardMerkleTree default), so the root does not depend on the
 * order the receipts come in.
 *
 * @param parameters - {@link BuildReceiptTreeParameters}
 * @returns {@link BuildReceiptTreeReturnType}
 * @throws {EmptyReceiptTreeError} When `receipts` is empty.
 * @throws {InvalidReceiptError} When a receipt cannot be encoded.
 *
 * @example
 * const { tree, root } = buildReceiptTree({ receipts })
 * await registry.write.anchorBatch([root, receipts.length, firstTs, lastTs, prevBatchId, uri])
 */
export function buildReceiptTree({ receipts }: BuildReceiptTreeParameters): BuildReceiptTreeReturnType {
  if (receipts.length === 0) throw new EmptyReceiptTreeError();
  const values = receipts.map((receipt) => toReceiptLeafValues(receipt));
  const tree = StandardMerkleTree.of<ReceiptLeafValues>(values, [...receiptLeafEncoding]);
  return { tree, root: tree.root as Hex };
}
