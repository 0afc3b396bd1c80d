import type { Address, Client, Hex, ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";
import { resolveContractAddress } from "../contracts/resolveContractAddress.js";
import type { DeployedChainId } from "../contracts/types.js";
import type { ContractNotDeployedErrorType } from "../errors/contract.js";
import { BatchNotFoundError, type BatchNotFoundErrorType } from "../errors/receipt.js";
import { receiptRegistryAbi } from "../generated/abis.js";
import { isContractRevert } from "../utils/isContractRevert.js";

export type GetReceiptBatchParameters = {
  batchId: bigint;
  /** The ReceiptRegistry; defaults to the generated deployment on the client's chain. */
  address?: Address | undefined;
  chainId?: DeployedChainId | (number & {}) | undefined;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};
export type ReceiptBatch = {
  batchId: bigint;
  /** The anchored Merkle root. */
  root: Hex;
  /** The scheduler that anchored it. */
  anchorer: Address;
  /** Receipts in the batch. */
  count: number;
  /** Unix seconds of its first and last receipts. */
  firstTimestamp: number;
  lastTimestamp: number;
};
export type GetReceiptBatchReturnType = ReceiptBatch;
export type GetReceiptBatchErrorType = BatchNotFoundErrorType | ContractNotDeployedErrorType | ReadContractErrorType;

/**
 * Reads an anchored batch of receipts (`ReceiptRegistry.getBatch`).
 *
 * @param client - A viem public client.
 * @param parameters - {@link GetReceiptBatchParameters}
 * @returns {@link ReceiptBatch}
 * @throws {BatchNotFoundError} When no batch has this id.
 *
 * @example
 * const { root, count } = await getReceiptBatch(publicClient, { batchId: 1n })
 */
export async function getReceiptBatch(
  client: Client,
  { batchId, address, chainId, blockNumber }: GetReceiptBatchParameters,
): Promise<GetReceiptBatchReturnType> {
  const registry = await resolveContractAddress(client, { contractName: "ReceiptRegistry", address, chainId });
  try {
    const batch = await readContract(client, {
      address: registry,
      abi: receiptRegistryAbi,
      functionName: "getBatch",
      args: [batchId],
      ...(blockNumber !== undefined ? { blockNumber } : {}),
    });
    return { batchId, ...batch };
  } catch (error) {
    if (isContractRevert(error, "ReceiptRegistryUnknownBatch"))
      throw new BatchNotFoundError({ batchId, address: registry, cause: error });
    throw error;
  }
}
