import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BatchNotFoundError, InvalidProofError, InvalidReceiptError } from "../errors/receipt.js";
import { fakeRegistryAddress, fakeRegistryClient } from "../test/fakeReceiptRegistry.js";
import { flip, sampleReceipts } from "../test/receipts.js";
import { buildReceiptTree } from "./buildReceiptTree.js";
import { getReceiptProof } from "./getReceiptProof.js";
import { verifyReceiptOnChain } from "./verifyReceiptOnChain.js";

describe("verifyReceiptOnChain", () => {
  const receipts = sampleReceipts(20);
  const { tree, root } = buildReceiptTree({ receipts });
  const address = fakeRegistryAddress;

  test("args: receipt (verifyReceiptFields)", async () => {
    const { client, calls } = fakeRegistryClient([{ root: flip(root) }, { root, count: 20 }]);
    const receipt = receipts[11]!;
    const { leaf, proof } = getReceiptProof({ tree, receipt });
    const result = await verifyReceiptOnChain(client, { address, batchId: 2n, receipt, proof });
    assert.equal(result.valid, true);
    assert.equal(result.leaf, leaf);
    assert.equal(result.batch.root, root);
    assert.equal(result.batch.count, 20);
    assert.deepEqual(calls.sort(), ["getBatch", "verifyReceiptFields"]);
  });

  test("args: leaf (verifyReceipt)", async () => {
    const { client, calls } = fakeRegistryClient([{ root }]);
    const { leaf, proof } = getReceiptProof({ tree, index: 0 });
    assert.equal((await verifyReceiptOnChain(client, { address, batchId: 1n, leaf, proof })).valid, true);
    assert.ok(calls.includes("verifyReceipt"));
  });

  test("a tampered receipt or the wrong batch is not valid", async () => {
    const { client } = fakeRegistryClient([{ root }, { root: flip(root) }]);
    const receipt = receipts[2]!;
    const { proof } = getReceiptProof({ tree, receipt });
    const tampered = { ...receipt, timestamp: receipt.timestamp + 1n };
    assert.equal((await verifyReceiptOnChain(client, { address, batchId: 1n, receipt: tampered, proof })).valid, false);
    assert.equal((await verifyReceiptOnChain(client, { address, batchId: 2n, receipt, proof })).valid, false);
  });

  describe("errors", () => {
    test("unknown batch", async () => {
      const { client } = fakeRegistryClient([{ root }]);
      const { leaf, proof } = getReceiptProof({ tree, index: 0 });
      await assert.rejects(verifyReceiptOnChain(client, { address, batchId: 7n, leaf, proof }), BatchNotFoundError);
    });

    test("invalid receipt or proof, before any request", async () => {
      const { client, calls } = fakeRegistryClient([{ root }]);
      const { proof } = getReceiptProof({ tree, index: 0 });
      const receipt = { ...receipts[0]!, instanceId: "i".repeat(32) };
      await assert.rejects(verifyReceiptOnChain(client, { address, batchId: 1n, receipt, proof }), InvalidReceiptError);
      await assert.rejects(
        verifyReceiptOnChain(client, { address, batchId: 1n, receipt: receipts[0]!, proof: ["0x12"] }),
        InvalidProofError,
      );
      assert.deepEqual(calls, []);
    });
  });
});
