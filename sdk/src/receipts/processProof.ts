import { concat, isHex, keccak256, type Hex } from "viem";
import { InvalidProofError, type InvalidProofErrorType } from "../errors/receipt.js";

export type ProcessProofParameters = {
  /** The 32-byte leaf (see `hashReceipt`). */
  leaf: Hex;
  /** Sibling hashes from the leaf up to the root. */
  proof: readonly Hex[];
};
export type ProcessProofReturnType = Hex;
export type ProcessProofErrorType = InvalidProofErrorType;

/**
 * Rebuilds the root a proof leads to, hashing each pair of nodes in sorted order as OpenZeppelin's
 * `MerkleProof.processProof` (and StandardMerkleTree) do. A proof is valid when this equals the root.
 *
 * @param parameters - {@link ProcessProofParameters}
 * @returns The root.
 * @throws {InvalidProofError} When the leaf or a proof element is not 32 bytes of hex.
 *
 * @example
 * processProof({ leaf, proof }) === root
 */
export function processProof({ leaf, proof }: ProcessProofParameters): ProcessProofReturnType {
  assertBytes32(leaf, "leaf");
  let computed = leaf.toLowerCase() as Hex;
  for (const [i, sibling] of proof.entries()) {
    assertBytes32(sibling, `proof[${i}]`);
    const node = sibling.toLowerCase() as Hex;
    computed = keccak256(computed < node ? concat([computed, node]) : concat([node, computed]));
  }
  return computed;
}

function assertBytes32(value: Hex, what: string): void {
  if (!isHex(value, { strict: true }) || value.length !== 66) throw new InvalidProofError({ what, value });
}
