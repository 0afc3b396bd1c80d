import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sampleReceipts } from "../test/receipts.js";
import { buildReceiptTree } from "./buildReceiptTree.js";
import { getReceiptProof } from "./getReceiptProof.js";
import { InvalidReceiptTreeDataError, loadReceiptTree } from "./loadReceiptTree.js";
import { verifyReceipt } from "./verifyReceipt.js";

describe("loadReceiptTree", () => {
  const receipts = sampleReceipts(9);
  const built = buildReceiptTree({ receipts });
  const stored = JSON.stringify(built.tree.dump());

  test("default: a JSON round trip gives the same tree", () => {
    const { tree, root } = loadReceiptTree({ data: JSON.parse(stored) });
    assert.equal(root, built.root);
    const { proof } = getReceiptProof({ tree, receipt: receipts[4]! });
    assert.equal(verifyReceipt({ root, receipt: receipts[4]!, proof }), true);
  });

  describe("errors", () => {
    test("corrupt tree", () => {
      const data = JSON.parse(stored);
      data.tree[1] = data.tree[2];
      assert.throws(() => loadReceiptTree({ data }), InvalidReceiptTreeDataError);
    });

    test("not a receipt tree", () => {
      const data = JSON.parse(stored);
      data.leafEncoding = ["address", "uint256"];
      assert.throws(() => loadReceiptTree({ data }), InvalidReceiptTreeDataError);
      assert.throws(
        () => loadReceiptTree({ data: { ...JSON.parse(stored), format: "simple-v1" } }),
        InvalidReceiptTreeDataError,
      );
    });
  });
});
