import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BatchNotFoundError } from "../errors/receipt.js";
import { fakeRegistryAddress, fakeRegistryClient } from "../test/fakeReceiptRegistry.js";
import { flip } from "../test/receipts.js";
import { getReceiptBatch } from "./getReceiptBatch.js";

const root = flip(`0x${"ab".repeat(32)}`);
const anchorer = "0x00000000000000000000000000000000000000AA"; // checksummed, as viem decodes it

describe("getReceiptBatch", () => {
  test("default", async () => {
    const { client } = fakeRegistryClient([{ root, anchorer, count: 1000, firstTimestamp: 10, lastTimestamp: 20 }]);
    assert.deepEqual(await getReceiptBatch(client, { batchId: 1n, address: fakeRegistryAddress }), {
      batchId: 1n,
      root,
      anchorer,
      count: 1000,
      firstTimestamp: 10,
      lastTimestamp: 20,
    });
  });

  describe("errors", () => {
    test("unknown batch", async () => {
      const { client } = fakeRegistryClient([{ root }]);
      await assert.rejects(getReceiptBatch(client, { batchId: 2n, address: fakeRegistryAddress }), (e: unknown) => {
        assert.ok(e instanceof BatchNotFoundError);
        assert.equal(e.batchId, 2n);
        return true;
      });
    });
  });
});
