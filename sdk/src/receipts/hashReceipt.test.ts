import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256 } from "viem";
import { sampleReceipt, sampleReceipts } from "../test/receipts.js";
import { encodeReceipt } from "./encodeReceipt.js";
import { hashReceipt } from "./hashReceipt.js";
import { toReceiptLeafValues } from "./toReceiptLeafValues.js";
import { receiptLeafEncoding } from "./types.js";

describe("hashReceipt", () => {
  test("default", () => {
    const r = sampleReceipt(0);
    assert.equal(hashReceipt(r), keccak256(keccak256(encodeReceipt(r))));
  });

  test("equals StandardMerkleTree's leaf hash", () => {
    const receipts = sampleReceipts(16);
    const values = receipts.map(toReceiptLeafValues);
    const tree = StandardMerkleTree.of(values, [...receiptLeafEncoding]);
    for (const [i, receipt] of receipts.entries()) assert.equal(hashReceipt(receipt), tree.leafHash(values[i]!));
  });

  test("a single receipt's tree has its leaf as root", () => {
    const r = sampleReceipt(9);
    assert.equal(StandardMerkleTree.of([toReceiptLeafValues(r)], [...receiptLeafEncoding]).root, hashReceipt(r));
  });

  test("every field changes the leaf", () => {
    const r = sampleReceipt(0);
    const leaf = hashReceipt(r);
    const changes = [
      { bookingId: r.bookingId + 1n },
      { decisionId: sampleReceipt(1).decisionId },
      { kind: "place" as const },
      { instanceId: "i-other" },
      { algorithm: "rr" },
      { inputsHash: sampleReceipt(1).inputsHash },
      { timestamp: r.timestamp + 1n },
    ];
    for (const change of changes)
      assert.notEqual(hashReceipt({ ...r, ...change }), leaf, JSON.stringify(Object.keys(change)));
  });
});
