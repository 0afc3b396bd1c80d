import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";

/** Decision kinds, in the order of `IReceiptRegistry.DecisionKind` (route = 0, place = 1, scale = 2). */
export const receiptKinds = ["route", "place", "scale"] as const;

/** What a scheduling decision did: route a request, place an instance, or scale a booking. */
export type ReceiptKind = (typeof receiptKinds)[number];

/**
 * One scheduling decision, as the backend and auditors handle it.
 * `instanceId` and `algorithm` are short strings (at most 31 UTF-8 bytes), stored on-chain as bytes32.
 */
export type Receipt = {
  bookingId: bigint;
  /** Unique id of the decision (e.g. the keccak256 of a UUID). */
  decisionId: Hex;
  kind: ReceiptKind;
  /** Short id of the instance the decision concerns, e.g. `"i-3f2a9c"`. */
  instanceId: string;
  /** Short name of the algorithm that decided, e.g. `"p2c"`, `"least-conn"`, `"q-learning"`. */
  algorithm: string;
  /** keccak256 of the inputs the algorithm saw (loads, latencies, ...). */
  inputsHash: Hex;
  /** Unix seconds. */
  timestamp: bigint;
};

/** A receipt as the contract takes it: `IReceiptRegistry.Receipt` (viem's form of the struct). */
export type ReceiptFields = {
  bookingId: bigint;
  decisionId: Hex;
  kind: number;
  instanceId: Hex;
  algorithm: Hex;
  inputsHash: Hex;
  timestamp: bigint;
};

/**
 * A receipt as a StandardMerkleTree value, in {@link receiptLeafEncoding} order. Integers are
 * decimal strings so that `tree.dump()` can go through `JSON.stringify` as is.
 */
export type ReceiptLeafValues = [
  bookingId: string,
  decisionId: Hex,
  kind: number,
  instanceId: Hex,
  algorithm: Hex,
  inputsHash: Hex,
  timestamp: string,
];

/** A StandardMerkleTree of receipts. */
export type ReceiptTree = StandardMerkleTree<ReceiptLeafValues>;

/** The leaf's ABI types, as `IReceiptRegistry.leafOf` and StandardMerkleTree encode them. */
export const receiptLeafEncoding = ["uint256", "bytes32", "uint8", "bytes32", "bytes32", "bytes32", "uint64"] as const;

/** {@link receiptLeafEncoding} with names, for viem's `encodeAbiParameters`. */
export const receiptAbiParameters = [
  { name: "bookingId", type: "uint256" },
  { name: "decisionId", type: "bytes32" },
  { name: "kind", type: "uint8" },
  { name: "instanceId", type: "bytes32" },
  { name: "algorithm", type: "bytes32" },
  { name: "inputsHash", type: "bytes32" },
  { name: "timestamp", type: "uint64" },
] as const;
