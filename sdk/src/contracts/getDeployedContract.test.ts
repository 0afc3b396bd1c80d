import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ContractNotDeployedError } from "../errors/contract.js";
import { abis, receiptRegistryAbi } from "../generated/abis.js";
import { deployedContracts } from "../generated/deployedContracts.js";
import { getDeployedContract } from "./getDeployedContract.js";
import type { DeployedContracts } from "./types.js";

describe("getDeployedContract", () => {
  test("default: every generated deployment", () => {
    const all = deployedContracts as DeployedContracts;
    for (const [chainId, contracts] of Object.entries(all)) {
      for (const [name, deployed] of Object.entries(contracts)) {
        const contractName = name as keyof typeof abis;
        const found = getDeployedContract({ chainId: Number(chainId), contractName });
        assert.equal(found.address, deployed!.address);
        assert.equal(found.startBlock, deployed!.startBlock);
        assert.equal(found.abi, abis[contractName]);
      }
    }
  });

  test("the ABI is typed from the generated constant", () => {
    type Abi = ReturnType<typeof getDeployedContract<"ReceiptRegistry">>["abi"];
    const abi: Abi = receiptRegistryAbi;
    assert.ok(abi.some((item) => item.type === "function" && item.name === "verifyReceiptFields"));
  });

  test("a misspelt contract name does not compile", () => {
    assert.throws(() =>
      // @ts-expect-error: "ReceiptRegistery" is not a contract name.
      getDeployedContract({ chainId: 31337, contractName: "ReceiptRegistery" }),
    );
  });

  describe("errors", () => {
    test("chain without a deployment", () => {
      assert.throws(
        () => getDeployedContract({ chainId: 999_999_999, contractName: "ReceiptRegistry" }),
        (e: unknown) =>
          e instanceof ContractNotDeployedError &&
          /ReceiptRegistry is not deployed on chain 999999999/.test(e.shortMessage),
      );
    });
  });
});
