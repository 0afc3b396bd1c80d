import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hardhat } from "./hardhat.js";

describe("hardhat", () => {
  test("default", () => {
    assert.equal(hardhat.id, 31337);
    assert.deepEqual(hardhat.rpcUrls.default.http, ["http://127.0.0.1:8545"]);
    assert.equal(hardhat.nativeCurrency.decimals, 18);
  });
});
