import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { BaseError } from "../errors/base.js";
import { type ReceiptLeafValues, type ReceiptTree, receiptLeafEncoding } from "./types.js";

/** What `tree.dump()` returns for a receipt tree. */
export type ReceiptTreeData = ReturnType<ReceiptTree["dump"]>;

export type LoadReceiptTreeParameters = {
  /** What `tree.dump()` returned (possibly through `JSON.stringify` / `JSON.parse`). */
  data: ReceiptTreeData;
};
export type LoadReceiptTreeReturnType = { tree: ReceiptTree; root: Hex };
export type LoadReceiptTreeErrorType = InvalidReceiptTreeDataErrorType;

export type InvalidReceiptTreeDataErrorType = InvalidReceiptTreeDataError & { name: "InvalidReceiptTreeDataError" };

/** Stored tree data is not a StandardMerkleTree of receipts, or is corrupt. */
export class InvalidReceiptTreeDataError extends BaseError {
  override name = "InvalidReceiptTreeDataError" as const;

  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`Invalid receipt tree data: ${reason}.`, { cause });
  }
}

/**
 * Loads a receipt tree stored with `tree.dump()`, checking that it is a receipt tree and that
 * every node hashes to its parent.
 *
 * @param parameters - {@link LoadReceiptTreeParameters}
 * @returns The tree and its root.
 * @throws {InvalidReceiptTreeDataError} When the format or leaf encoding differ, or the tree does not validate.
 *
 * @example
 * const { tree } = loadReceiptTree({ data: JSON.parse(row.tree) })
 */
export function loadReceiptTree({ data }: LoadReceiptTreeParameters): LoadReceiptTreeReturnType {
  if (data?.format !== "standard-v1")
    throw new InvalidReceiptTreeDataError({ reason: `unknown format ${String(data?.format)}` });
  if (JSON.stringify(data.leafEncoding) !== JSON.stringify(receiptLeafEncoding)) {
    throw new InvalidReceiptTreeDataError({
      reason: `leaf encoding ${JSON.stringify(data.leafEncoding)} is not a receipt's`,
    });
  }
  let tree: ReceiptTree;
  try {
    tree = StandardMerkleTree.load<ReceiptLeafValues>(data);
    tree.validate();
  } catch (cause) {
    throw new InvalidReceiptTreeDataError({ reason: "the tree does not validate", cause });
  }
  return { tree, root: tree.root as Hex };
}
