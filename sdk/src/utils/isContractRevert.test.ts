import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readContract } from "viem/actions";
import { receiptRegistryAbi } from "../generated/abis.js";
import { fakeRegistryAddress, fakeRegistryClient } from "../test/fakeReceiptRegistry.js";
import { isContractRevert } from "./isContractRevert.js";

describe("isContractRevert", () => {
  test("default", async () => {
    const { client } = fakeRegistryClient([]);
    const error = await readContract(client, {
      address: fakeRegistryAddress,
      abi: receiptRegistryAbi,
      functionName: "getBatch",
      args: [1n],
    }).catch((e: unknown) => e);
    assert.equal(isContractRevert(error, "ReceiptRegistryUnknownBatch"), true);
    assert.equal(isContractRevert(error, "ReceiptRegistryInvalidBatch"), false);
  });

  test("args: not a viem error", () => {
    assert.equal(isContractRevert(new Error("ReceiptRegistryUnknownBatch"), "ReceiptRegistryUnknownBatch"), false);
    assert.equal(isContractRevert(undefined, "ReceiptRegistryUnknownBatch"), false);
  });
});
