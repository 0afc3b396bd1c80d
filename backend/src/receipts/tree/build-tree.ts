import { bytesToHex, hexToBytes, keccak256, type Hex } from "viem";

export type BuildTreeReturnType = {
  root: Hex;
  /** The node array, 32 bytes per node, root first: StandardMerkleTree's `tree`, as bytes. */
  nodes: Uint8Array;
  /** For each input leaf, its index in the node array. */
  treeIndex: number[];
};

/**
 * Builds the StandardMerkleTree node array of `leaves` the way `@openzeppelin/merkle-tree` does
 * (`StandardMerkleTree.of` with its defaults): leaves sorted by value, laid out at the end of the
 * array in that order, each inner node the keccak256 of its two children sorted. The same root and
 * proofs as the sdk's `buildReceiptTree`, from the leaves alone, as bytes, at a fraction of the
 * cost (no ABI re-encoding, no hex round trips): the tests check both agree.
 *
 * @param leaves - Leaf hashes (see `prepareReceipts`), at least one.
 * @returns {@link BuildTreeReturnType}
 * @throws {RangeError} When `leaves` is empty.
 */
export function buildTree(leaves: readonly Hex[]): BuildTreeReturnType {
  const n = leaves.length;
  if (n === 0) throw new RangeError("buildTree: no leaves");
  const order = leaves.map((hex, i) => ({ hex, i }));
  // Same-length lowercase hex compares like the bytes it encodes.
  order.sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
  const size = 2 * n - 1;
  const nodes = new Uint8Array(32 * size);
  const treeIndex = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const index = size - 1 - k;
    nodes.set(hexToBytes(order[k]!.hex), 32 * index);
    treeIndex[order[k]!.i] = index;
  }
  const pair = new Uint8Array(64);
  for (let i = size - 1 - n; i >= 0; i--) {
    const left = nodes.subarray(32 * (2 * i + 1), 32 * (2 * i + 2));
    const right = nodes.subarray(32 * (2 * i + 2), 32 * (2 * i + 3));
    if (compare(left, right) <= 0) {
      pair.set(left, 0);
      pair.set(right, 32);
    } else {
      pair.set(right, 0);
      pair.set(left, 32);
    }
    nodes.set(keccak256(pair, "bytes"), 32 * i);
  }
  return { root: bytesToHex(nodes.subarray(0, 32)), nodes, treeIndex };
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
