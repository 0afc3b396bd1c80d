// A real revert (the ReceiptRegistry's ReceiptRegistryUnknownBatch, read with viem) is checked in
// test/receipts/ReceiptRegistry.sdk.test.ts at the repository root, on a real chain.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isContractRevert } from "./isContractRevert.js";

describe("isContractRevert", () => {
  test("args: not a viem error", () => {
    assert.equal(isContractRevert(new Error("ReceiptRegistryUnknownBatch"), "ReceiptRegistryUnknownBatch"), false);
    assert.equal(isContractRevert(undefined, "ReceiptRegistryUnknownBatch"), false);
  });
});
