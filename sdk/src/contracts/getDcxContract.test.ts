// Reads through the returned contract run against a real chain in
// test/receipts/ReceiptRegistry.sdk.test.ts at the repository root; these cases never reach a node.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createPublicClient, http } from "viem";
import { hardhat } from "../chains/hardhat.js";
import { ContractNotDeployedError } from "../errors/contract.js";
import { getDcxContract } from "./getDcxContract.js";

/** A client on `chainId` whose node is never called: an address is resolved from the chain id alone. */
function clientOn(chainId: number) {
  return createPublicClient({ chain: { ...hardhat, id: chainId }, transport: http("http://127.0.0.1:1") });
}

describe("getDcxContract", () => {
  test("args: address", async () => {
    const address = "0x00000000000000000000000000000000000dc0de";
    const registry = await getDcxContract({ client: clientOn(424_242), contractName: "ReceiptRegistry", address });
    assert.equal(registry.address, address);
    assert.equal(typeof registry.read.batchRoot, "function");
  });

  test("a misspelt contract name does not compile", async () => {
    await assert.rejects(
      // @ts-expect-error: "Marketplace" is not a contract name (it is "ResourceMarketplace").
      getDcxContract({ client: clientOn(31_337), contractName: "Marketplace" }),
      ContractNotDeployedError,
    );
  });

  describe("errors", () => {
    test("no deployment on the client's chain", async () => {
      await assert.rejects(
        getDcxContract({ client: clientOn(424_242), contractName: "ReceiptRegistry" }),
        ContractNotDeployedError,
      );
    });
  });
});
