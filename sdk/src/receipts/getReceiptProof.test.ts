import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ReceiptNotInTreeError } from "../errors/receipt.js";
import { sampleReceipt, sampleReceipts } from "../test/receipts.js";
import { buildReceiptTree } from "./buildReceiptTree.js";
import { getReceiptProof } from "./getReceiptProof.js";
import { hashReceipt } from "./hashReceipt.js";

describe("getReceiptProof", () => {
  const receipts = sampleReceipts(13);
  const { tree } = buildReceiptTree({ receipts });

  test("args: receipt", () => {
    const { leaf, proof, index } = getReceiptProof({ tree, receipt: receipts[6]! });
    assert.equal(index, 6);
    assert.equal(leaf, hashReceipt(receipts[6]!));
    assert.deepEqual(proof, tree.getProof(6));
  });

  test("args: index", () => {
    assert.deepEqual(getReceiptProof({ tree, index: 6 }), getReceiptProof({ tree, receipt: receipts[6]! }));
  });

  test("proof length is about log2(size)", () => {
    for (let i = 0; i < receipts.length; i++) {
      const { proof } = getReceiptProof({ tree, index: i });
      assert.ok(proof.length >= 3 && proof.length <= 4, `${proof.length}`);
    }
  });

  describe("errors", () => {
    test("receipt not in the tree", () => {
      assert.throws(() => getReceiptProof({ tree, receipt: sampleReceipt(100) }), ReceiptNotInTreeError);
    });

    test("index out of range", () => {
      assert.throws(() => getReceiptProof({ tree, index: 13 }), ReceiptNotInTreeError);
      assert.throws(() => getReceiptProof({ tree, index: -1 }), ReceiptNotInTreeError);
      assert.throws(() => getReceiptProof({ tree, index: 1.5 }), ReceiptNotInTreeError);
    });
  });
});
