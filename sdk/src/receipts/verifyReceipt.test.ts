import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Hex } from "viem";
import { InvalidProofError } from "../errors/receipt.js";
import { flip, sampleReceipt, sampleReceipts } from "../test/receipts.js";
import { buildReceiptTree } from "./buildReceiptTree.js";
import { getReceiptProof } from "./getReceiptProof.js";
import { toReceiptLeafValues } from "./toReceiptLeafValues.js";
import { type Receipt, receiptLeafEncoding } from "./types.js";
import { verifyReceipt } from "./verifyReceipt.js";

describe("verifyReceipt", () => {
  const receipts = sampleReceipts(50);
  const { tree, root } = buildReceiptTree({ receipts });

  test("default: every receipt verifies against the root", () => {
    for (const receipt of receipts) {
      const { proof } = getReceiptProof({ tree, receipt });
      assert.equal(verifyReceipt({ root, receipt, proof }), true);
    }
  });

  test("args: leaf", () => {
    const { leaf, proof } = getReceiptProof({ tree, index: 0 });
    assert.equal(verifyReceipt({ root, leaf, proof }), true);
    assert.equal(verifyReceipt({ root, leaf: flip(leaf), proof }), false);
  });

  test("agrees with StandardMerkleTree.verify", () => {
    for (const receipt of receipts.slice(0, 10)) {
      const { proof } = getReceiptProof({ tree, receipt });
      const values = toReceiptLeafValues(receipt);
      assert.equal(StandardMerkleTree.verify(root, [...receiptLeafEncoding], values, proof), true);
    }
  });

  test("a tampered receipt does not verify", () => {
    const receipt = receipts[17]!;
    const { proof } = getReceiptProof({ tree, receipt });
    const tampered: Partial<Receipt>[] = [
      { bookingId: receipt.bookingId + 1n },
      { decisionId: flip(receipt.decisionId) },
      { kind: receipt.kind === "route" ? "scale" : "route" },
      { instanceId: `${receipt.instanceId}x` },
      { algorithm: "round-robin-2" },
      { inputsHash: flip(receipt.inputsHash) },
      { timestamp: receipt.timestamp - 1n },
    ];
    for (const change of tampered) {
      assert.equal(verifyReceipt({ root, receipt: { ...receipt, ...change }, proof }), false, Object.keys(change)[0]);
    }
  });

  test("a tampered proof or wrong root does not verify", () => {
    const receipt = receipts[3]!;
    const { proof } = getReceiptProof({ tree, receipt });
    assert.equal(verifyReceipt({ root, receipt, proof: [flip(proof[0]!), ...proof.slice(1)] }), false);
    assert.equal(verifyReceipt({ root, receipt, proof: proof.slice(1) }), false);
    assert.equal(verifyReceipt({ root, receipt, proof: [...proof].reverse() }), false);
    assert.equal(verifyReceipt({ root: flip(root), receipt, proof }), false);
    // A receipt of another tree, with its own proof, against this root.
    const other = buildReceiptTree({ receipts: [sampleReceipt(1000), sampleReceipt(1001)] });
    const foreign = getReceiptProof({ tree: other.tree, index: 0 });
    assert.equal(verifyReceipt({ root, leaf: foreign.leaf, proof: foreign.proof }), false);
  });

  test("args: upper-case root", () => {
    const { proof } = getReceiptProof({ tree, index: 5 });
    const upper = `0x${root.slice(2).toUpperCase()}` as Hex;
    assert.equal(verifyReceipt({ root: upper, receipt: receipts[5]!, proof }), true);
  });

  describe("errors", () => {
    test("root not bytes32", () => {
      assert.throws(() => verifyReceipt({ root: "0x12", receipt: receipts[0]!, proof: [] }), InvalidProofError);
    });
  });
});
