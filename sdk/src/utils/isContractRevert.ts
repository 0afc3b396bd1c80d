import { BaseError as ViemBaseError, ContractFunctionRevertedError } from "viem";

export type IsContractRevertReturnType = boolean;

/**
 * Whether a viem error (e.g. from `readContract` or `simulateContract`) is a revert with the given
 * custom error, looked up in the cause chain.
 *
 * @param error - What viem threw.
 * @param errorName - The custom error's name, e.g. `"ReceiptRegistryUnknownBatch"`.
 * @returns True when the call reverted with that error.
 *
 * @example
 * try { await readContract(client, { ... }) } catch (e) { if (isContractRevert(e, 'ReceiptRegistryUnknownBatch')) ... }
 */
export function isContractRevert(error: unknown, errorName: string): IsContractRevertReturnType {
  if (!(error instanceof ViemBaseError)) return false;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName === errorName;
}
