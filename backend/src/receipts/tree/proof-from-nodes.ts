import { bytesToHex, type Hex } from "viem";

export type ProofFromNodesReturnType = { leaf: Hex; proof: Hex[]; root: Hex };

/**
 * A leaf's Merkle proof read from a stored node array (see `buildTree`): its siblings from the leaf
 * up, as `StandardMerkleTree.getProof` returns them.
 *
 * @param nodes - 32 bytes per node, root first.
 * @param treeIndex - The leaf's index in the node array.
 * @throws {RangeError} When `treeIndex` is not a leaf of the tree.
 */
export function proofFromNodes(nodes: Uint8Array, treeIndex: number): ProofFromNodesReturnType {
  const size = nodes.length / 32;
  if (!Number.isInteger(size) || !Number.isInteger(treeIndex) || treeIndex < 0 || treeIndex >= size) {
    throw new RangeError(`proofFromNodes: ${treeIndex} is not a node of a ${size}-node tree`);
  }
  if (2 * treeIndex + 1 < size) throw new RangeError(`proofFromNodes: node ${treeIndex} is not a leaf`);
  const node = (i: number) => bytesToHex(nodes.subarray(32 * i, 32 * i + 32));
  const proof: Hex[] = [];
  for (let i = treeIndex; i > 0; i = Math.floor((i - 1) / 2)) proof.push(node(i % 2 === 1 ? i + 1 : i - 1));
  return { leaf: node(treeIndex), proof, root: node(0) };
}
