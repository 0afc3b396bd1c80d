import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ContractNotDeployedError } from "../errors/contract.js";
import { fakeRegistryAddress, fakeRegistryClient } from "../test/fakeReceiptRegistry.js";
import { getDcxContract } from "./getDcxContract.js";

describe("getDcxContract", () => {
  test("args: address", async () => {
    const root = `0x${"12".repeat(32)}` as const;
    const { client } = fakeRegistryClient([{ root, count: 3 }]);
    const registry = await getDcxContract({ client, contractName: "ReceiptRegistry", address: fakeRegistryAddress });
    assert.equal(registry.address, fakeRegistryAddress);
    const batch = await registry.read.getBatch([1n]);
    assert.equal(batch.root, root);
    assert.equal(batch.count, 3);
  });

  test("a misspelt contract name does not compile", async () => {
    const { client } = fakeRegistryClient([]);
    // @ts-expect-error: "Marketplace" is not a contract name (it is "ResourceMarketplace").
    await assert.rejects(getDcxContract({ client, contractName: "Marketplace", chainId: 1 }));
  });

  describe("errors", () => {
    test("no deployment on the client's chain", async () => {
      const { client } = fakeRegistryClient([], { chainId: 424_242 });
      await assert.rejects(getDcxContract({ client, contractName: "ReceiptRegistry" }), ContractNotDeployedError);
    });
  });
});
