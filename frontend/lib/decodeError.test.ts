import { escrowManagerAbi, resourceMarketplaceAbi } from "@dcx/sdk";
import {
  BaseError,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  UserRejectedRequestError,
} from "viem";
import { describe, expect, it } from "vitest";
import { decodeError } from "./decodeError";

const data = encodeErrorResult({
  abi: resourceMarketplaceAbi,
  errorName: "MarketplaceInsufficientStake",
  args: [5n, 1000n],
});

describe("decodeError", () => {
  it("default: a revert viem decoded names the custom error and its args", () => {
    const reverted = new ContractFunctionRevertedError({
      abi: resourceMarketplaceAbi,
      data,
      functionName: "registerProvider",
    });
    const error = new ContractFunctionExecutionError(reverted, {
      abi: resourceMarketplaceAbi,
      functionName: "registerProvider",
      args: [5n, ""],
    });
    expect(decodeError(error)).toEqual({
      errorName: "MarketplaceInsufficientStake",
      args: ["5", "1000"],
      message: "MarketplaceInsufficientStake(5, 1000)",
    });
  });

  it("args: raw revert data nested in a wallet error decodes against every sdk ABI", () => {
    const walletError = { message: "execution reverted", cause: { error: { data: { data } } } };
    expect(decodeError(walletError).errorName).toBe("MarketplaceInsufficientStake");
  });

  it("args: an error of another contract (escrow) decodes too", () => {
    const escrow = encodeErrorResult({ abi: escrowManagerAbi, errorName: "EscrowNothingToWithdraw", args: [7n] });
    expect(decodeError({ data: escrow })).toMatchObject({ errorName: "EscrowNothingToWithdraw", args: ["7"] });
    // Unknown selectors are not invented.
    expect(decodeError({ message: "x", data: "0xdeadbeef" }).errorName).toBeUndefined();
  });

  it("a refusal in the wallet", () => {
    const error = new BaseError("wrapped", { cause: new UserRejectedRequestError(new Error("nope")) });
    expect(decodeError(error)).toMatchObject({ rejected: true, message: "Request rejected in the wallet." });
  });

  it("errors: anything else keeps its message", () => {
    expect(decodeError(new Error("boom")).message).toBe("boom");
    expect(decodeError("plain").message).toBe("plain");
    expect(decodeError(new BaseError("short one")).message).toBe("short one");
  });
});
