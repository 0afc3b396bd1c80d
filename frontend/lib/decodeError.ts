import { abis } from "@dcx/sdk";
import {
  type Abi,
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  UserRejectedRequestError,
} from "viem";

/** A failure explained for people: a title (the custom error's name when a contract reverted) and details. */
export type DecodedError = {
  /** The contract's custom error name, e.g. `MarketplaceInsufficientStake`; absent for other failures. */
  errorName?: string;
  /** The error's arguments, formatted (bigints as decimal strings). */
  args?: string[];
  /** One line to show. */
  message: string;
  /** The wallet or user refused. */
  rejected?: boolean;
};

/** Every D-CloudX contract's ABI merged, errors only: a revert from any of them decodes. */
const errorAbi: Abi = Object.values(abis).flatMap((abi) => (abi as Abi).filter((item) => item.type === "error"));

function formatArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatArg).join(", ")}]`;
  return String(value);
}

function fromData(data: Hex): DecodedError | undefined {
  try {
    const decoded = decodeErrorResult({ abi: errorAbi, data });
    const args = (decoded.args ?? []).map(formatArg);
    return { errorName: decoded.errorName, args, message: `${decoded.errorName}(${args.join(", ")})` };
  } catch {
    return undefined;
  }
}

/** Finds revert data (`0x…`) anywhere in an error's cause chain (wallets nest it differently). */
function findRevertData(error: unknown, depth = 0): Hex | undefined {
  if (!error || typeof error !== "object" || depth > 8) return undefined;
  const e = error as { data?: unknown; cause?: unknown; error?: unknown };
  if (typeof e.data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(e.data)) return e.data as Hex;
  if (e.data && typeof e.data === "object") {
    const inner = (e.data as { data?: unknown }).data;
    if (typeof inner === "string" && /^0x[0-9a-fA-F]{8,}$/.test(inner)) return inner as Hex;
  }
  return findRevertData(e.cause, depth + 1) ?? findRevertData(e.error, depth + 1);
}

/**
 * Explains why a transaction or call failed: a contract revert becomes its custom error name and
 * arguments, decoded against the sdk's ABIs (`decodeErrorResult`); a refusal in the wallet says so;
 * anything else keeps viem's short message.
 */
export function decodeError(error: unknown): DecodedError {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return { message: "Request rejected in the wallet.", rejected: true };
    }
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      if (reverted.data?.errorName && reverted.data.errorName !== "Error" && reverted.data.errorName !== "Panic") {
        const args = (reverted.data.args ?? []).map(formatArg);
        return { errorName: reverted.data.errorName, args, message: `${reverted.data.errorName}(${args.join(", ")})` };
      }
      if (reverted.raw) {
        const decoded = fromData(reverted.raw);
        if (decoded) return decoded;
      }
      if (reverted.reason) return { message: reverted.reason };
    }
  }
  const data = findRevertData(error);
  if (data) {
    const decoded = fromData(data);
    if (decoded) return decoded;
  }
  if (error instanceof BaseError) return { message: error.shortMessage };
  if (error instanceof Error) return { message: error.message };
  return { message: String(error) };
}
