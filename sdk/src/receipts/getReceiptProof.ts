import type { Hex } from "viem";
import {
  type InvalidReceiptErrorType,
  ReceiptNotInTreeError,
  type ReceiptNotInTreeErrorType,
} from "../errors/receipt.js";
import { hashReceipt } from "./hashReceipt.js";
import { toReceiptLeafValues } from "./toReceiptLeafValues.js";
import type { Receipt, ReceiptTree } from "./types.js";

export type GetReceiptProofParameters = {
  tree: ReceiptTree;
} & (
  | {
      /** The receipt to prove. */
      receipt: Receipt;
      index?: undefined;
    }
  | {
      /** The receipt's position in the tree's values (the order it was given to `buildReceiptTree`). */
      index: number;
      receipt?: undefined;
    }
);
export type GetReceiptProofReturnType = {
  /** The receipt's leaf (see `hashReceipt`). */
  leaf: Hex;
  /** Sibling hashes from the leaf to the root. */
  proof: Hex[];
  /** The receipt's position in the tree's values. */
  index: number;
};
export type GetReceiptProofErrorType = ReceiptNotInTreeErrorType | InvalidReceiptErrorType;

/**
 * The Merkle proof of one receipt in a tree built by `buildReceiptTree`, for `verifyReceipt`
 * off-chain or `ReceiptRegistry.verifyReceipt` on-chain.
 *
 * @param parameters - {@link GetReceiptProofParameters}
 * @returns {@link GetReceiptProofReturnType}
 * @throws {ReceiptNotInTreeError} When the receipt is not in the tree or the index is out of range.
 * @throws {InvalidReceiptError} When the receipt cannot be encoded.
 *
 * @example
 * const { leaf, proof } = getReceiptProof({ tree, receipt })
 */
export function getReceiptProof(parameters: GetReceiptProofParameters): GetReceiptProofReturnType {
  const { tree } = parameters;
  let index: number;
  if (parameters.receipt !== undefined) {
    const values = toReceiptLeafValues(parameters.receipt);
    try {
      index = tree.leafLookup(values);
    } catch {
      throw new ReceiptNotInTreeError({ leaf: hashReceipt(parameters.receipt), size: tree.length });
    }
  } else {
    index = parameters.index;
    if (!Number.isInteger(index) || index < 0 || index >= tree.length) {
      throw new ReceiptNotInTreeError({ index, size: tree.length });
    }
  }
  const value = tree.at(index);
  if (value === undefined) throw new ReceiptNotInTreeError({ index, size: tree.length });
  return { leaf: tree.leafHash(value) as Hex, proof: tree.getProof(index) as Hex[], index };
}
