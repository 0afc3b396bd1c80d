import type { Address, Client, Hex, ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";
import { resolveContractAddress } from "../contracts/resolveContractAddress.js";
import type { DeployedChainId } from "../contracts/types.js";
import type { ContractNotDeployedErrorType } from "../errors/contract.js";
import {
  BatchNotFoundError,
  type BatchNotFoundErrorType,
  type InvalidProofErrorType,
  type InvalidReceiptErrorType,
} from "../errors/receipt.js";
import { receiptRegistryAbi } from "../generated/abis.js";
import { isContractRevert } from "../utils/isContractRevert.js";
import { getReceiptBatch, type GetReceiptBatchErrorType, type ReceiptBatch } from "./getReceiptBatch.js";
import { hashReceipt } from "./hashReceipt.js";
import { processProof } from "./processProof.js";
import { toReceiptFields } from "./toReceiptFields.js";
import type { Receipt } from "./types.js";

export type VerifyReceiptOnChainParameters = {
  /** The batch the receipt was anchored in. */
  batchId: bigint;
  /** The receipt's proof (sibling hashes from the leaf up). */
  proof: readonly Hex[];
  /** The ReceiptRegistry; defaults to the generated deployment on the client's chain. */
  address?: Address | undefined;
  chainId?: DeployedChainId | (number & {}) | undefined;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
  /** Where to start looking for the batch's `BatchAnchored` log (as in {@link getReceiptBatch}). */
  fromBlock?: bigint | undefined;
} & (
  | {
      /** The receipt; the contract computes its leaf (`verifyReceiptFields`). */
      receipt: Receipt;
      leaf?: undefined;
    }
  | {
      /** Only the leaf (`verifyReceipt`). */
      leaf: Hex;
      receipt?: undefined;
    }
);
export type VerifyReceiptOnChainReturnType = {
  /** What the ReceiptRegistry answered. */
  valid: boolean;
  /** The receipt's leaf. */
  leaf: Hex;
  /** The batch, as anchored: its root from storage, the rest from its `BatchAnchored` log. */
  batch: ReceiptBatch;
};
export type VerifyReceiptOnChainErrorType =
  | BatchNotFoundErrorType
  | ContractNotDeployedErrorType
  | GetReceiptBatchErrorType
  | InvalidProofErrorType
  | InvalidReceiptErrorType
  | ReadContractErrorType;

/**
 * Asks the ReceiptRegistry whether a receipt is in an anchored batch: `verifyReceiptFields` when
 * given the receipt (the leaf is then computed on-chain), `verifyReceipt` when given only its leaf.
 * Needs nothing but a node: this is how an auditor checks a receipt against the chain alone. Also
 * returns the batch ({@link getReceiptBatch}).
 *
 * @param client - A viem public client.
 * @param parameters - {@link VerifyReceiptOnChainParameters}
 * @returns {@link VerifyReceiptOnChainReturnType}
 * @throws {BatchNotFoundError} When no batch has this id.
 * @throws {BatchEventNotFoundError} When the batch's `BatchAnchored` log is not found.
 * @throws {InvalidReceiptError} When the receipt cannot be encoded.
 * @throws {InvalidProofError} When the leaf or a proof element is not 32 bytes of hex.
 *
 * @example
 * const { valid, batch } = await verifyReceiptOnChain(publicClient, { batchId, receipt, proof })
 */
export async function verifyReceiptOnChain(
  client: Client,
  parameters: VerifyReceiptOnChainParameters,
): Promise<VerifyReceiptOnChainReturnType> {
  const { batchId, proof, chainId, blockNumber, fromBlock } = parameters;
  const address = await resolveContractAddress(client, {
    contractName: "ReceiptRegistry",
    address: parameters.address,
    chainId,
  });
  const leaf = parameters.receipt !== undefined ? hashReceipt(parameters.receipt) : parameters.leaf;
  processProof({ leaf, proof }); // checks every element is bytes32 before going to the node
  const at = blockNumber !== undefined ? { blockNumber } : {};

  const verify =
    parameters.receipt !== undefined
      ? readContract(client, {
          address,
          abi: receiptRegistryAbi,
          functionName: "verifyReceiptFields",
          args: [batchId, toReceiptFields(parameters.receipt), proof],
          ...at,
        })
      : readContract(client, {
          address,
          abi: receiptRegistryAbi,
          functionName: "verifyReceipt",
          args: [batchId, leaf, proof],
          ...at,
        });
  try {
    const [valid, batch] = await Promise.all([
      verify,
      getReceiptBatch(client, { batchId, address, chainId, blockNumber, fromBlock }),
    ]);
    return { valid, leaf, batch };
  } catch (error) {
    if (isContractRevert(error, "ReceiptRegistryUnknownBatch")) {
      throw new BatchNotFoundError({ batchId, address, cause: error });
    }
    throw error;
  }
}
