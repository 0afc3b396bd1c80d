import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { EmptyReceiptTreeError, InvalidReceiptError } from "../errors/receipt.js";
import { sampleReceipt, sampleReceipts } from "../test/receipts.js";
import { buildReceiptTree } from "./buildReceiptTree.js";
import { fromReceiptLeafValues } from "./fromReceiptLeafValues.js";
import { hashReceipt } from "./hashReceipt.js";
import { receiptLeafEncoding } from "./types.js";

describe("buildReceiptTree", () => {
  test("default", () => {
    const receipts = sampleReceipts(10);
    const { tree, root } = buildReceiptTree({ receipts });
    assert.equal(root, tree.root);
    assert.equal(tree.length, 10);
    assert.deepEqual(tree.dump().leafEncoding, [...receiptLeafEncoding]);
    for (const [i, receipt] of receipts.entries()) assert.deepEqual(fromReceiptLeafValues(tree.at(i)!), receipt);
    tree.validate();
  });

  test("args: one receipt", () => {
    const receipt = sampleReceipt(0);
    assert.equal(buildReceiptTree({ receipts: [receipt] }).root, hashReceipt(receipt));
  });

  test("the root does not depend on the receipts' order", () => {
    const receipts = sampleReceipts(25);
    assert.equal(buildReceiptTree({ receipts }).root, buildReceiptTree({ receipts: [...receipts].reverse() }).root);
  });

  test("different receipts give a different root", () => {
    const receipts = sampleReceipts(8);
    const changed = [...receipts.slice(0, 7), { ...receipts[7]!, timestamp: receipts[7]!.timestamp + 1n }];
    assert.notEqual(buildReceiptTree({ receipts }).root, buildReceiptTree({ receipts: changed }).root);
  });

  test("tree.dump() survives JSON and verifies with StandardMerkleTree", () => {
    const { tree, root } = buildReceiptTree({ receipts: sampleReceipts(5) });
    const loaded = StandardMerkleTree.load(JSON.parse(JSON.stringify(tree.dump())));
    assert.equal(loaded.root, root);
    assert.ok(StandardMerkleTree.verify(root, [...receiptLeafEncoding], tree.at(3)!, tree.getProof(3)));
  });

  describe("errors", () => {
    test("no receipts", () => {
      assert.throws(() => buildReceiptTree({ receipts: [] }), EmptyReceiptTreeError);
    });

    test("an invalid receipt", () => {
      const receipts = [sampleReceipt(0), { ...sampleReceipt(1), algorithm: "x".repeat(40) }];
      assert.throws(() => buildReceiptTree({ receipts }), InvalidReceiptError);
    });
  });
});
