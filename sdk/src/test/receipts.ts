// Test data shared by the sdk's unit tests (not part of the build).
import { keccak256, toHex, type Hex } from "viem";
import type { Receipt, ReceiptKind } from "../receipts/types.js";

const kinds: readonly ReceiptKind[] = ["route", "place", "scale"];
const algorithms = ["round-robin", "least-conn", "p2c", "least-loaded", "urgency", "weighted-history", "q-learning"];

/** A deterministic, valid receipt; different `i` give different receipts. */
export function sampleReceipt(i: number): Receipt {
  return {
    bookingId: BigInt(1 + (i % 5)),
    decisionId: keccak256(toHex(`decision-${i}`)),
    kind: kinds[i % kinds.length]!,
    instanceId: `i-${(i % 7).toString(16).padStart(6, "0")}`,
    algorithm: algorithms[i % algorithms.length]!,
    inputsHash: keccak256(toHex(`inputs-${i}`)),
    timestamp: 1_700_000_000n + BigInt(i),
  };
}

/** `n` distinct sample receipts. */
export function sampleReceipts(n: number): Receipt[] {
  return Array.from({ length: n }, (_, i) => sampleReceipt(i));
}

/** Flips the last nibble of a 32-byte hex value. */
export function flip(value: Hex): Hex {
  const last = value.at(-1)!;
  return `${value.slice(0, -1)}${last === "0" ? "1" : "0"}` as Hex;
}
