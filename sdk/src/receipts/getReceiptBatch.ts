import {
  type Address,
  type Client,
  type GetContractEventsErrorType,
  type GetChainIdErrorType,
  type Hex,
  isAddressEqual,
  type ReadContractErrorType,
} from "viem";
import { getChainId, getContractEvents, readContract } from "viem/actions";
import { resolveContractAddress } from "../contracts/resolveContractAddress.js";
import type { DeployedChainId, DeployedContracts } from "../contracts/types.js";
import type { ContractNotDeployedErrorType } from "../errors/contract.js";
import {
  BatchEventNotFoundError,
  type BatchEventNotFoundErrorType,
  BatchNotFoundError,
  type BatchNotFoundErrorType,
} from "../errors/receipt.js";
import { receiptRegistryAbi } from "../generated/abis.js";
import { deployedContracts } from "../generated/deployedContracts.js";
import { isContractRevert } from "../utils/isContractRevert.js";

export type GetReceiptBatchParameters = {
  batchId: bigint;
  /** The ReceiptRegistry; defaults to the generated deployment on the client's chain. */
  address?: Address | undefined;
  chainId?: DeployedChainId | (number & {}) | undefined;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
  /**
   * Where to start looking for the batch's `BatchAnchored` log. Defaults to the deployment's
   * `startBlock` when the registry is the generated deployment, else to block 0. Nodes that cap the
   * block range of `eth_getLogs` need one closer to the anchoring block.
   */
  fromBlock?: bigint | undefined;
};
export type ReceiptBatch = {
  batchId: bigint;
  /** The anchored Merkle root (the one value the ReceiptRegistry stores per batch). */
  root: Hex;
  /** The scheduler that anchored it. */
  anchorer: Address;
  /** The provider the scheduler anchored for. */
  provider: Address;
  /** Receipts in the batch. */
  count: number;
  /** Unix seconds of its first and last receipts. */
  firstTimestamp: number;
  lastTimestamp: number;
  /** The anchorer's previous batch (`0n` for its first). */
  prevBatchId: bigint;
  /** Where the anchorer stored the tree (may be empty). */
  uri: string;
  /** The block and transaction that anchored it. */
  blockNumber: bigint;
  transactionHash: Hex;
};
export type GetReceiptBatchReturnType = ReceiptBatch;
export type GetReceiptBatchErrorType =
  | BatchEventNotFoundErrorType
  | BatchNotFoundErrorType
  | ContractNotDeployedErrorType
  | GetChainIdErrorType
  | GetContractEventsErrorType
  | ReadContractErrorType;

/**
 * Reads an anchored batch of receipts: its root from the ReceiptRegistry's storage (`batchRoot`),
 * the rest from its `BatchAnchored` log, found by the indexed `batchId`. The registry stores only
 * the root, to keep anchoring cheap; the log is chain data too, and must agree with it.
 *
 * @param client - A viem public client.
 * @param parameters - {@link GetReceiptBatchParameters}
 * @returns {@link ReceiptBatch}
 * @throws {BatchNotFoundError} When no batch has this id (at `blockNumber`, if given).
 * @throws {BatchEventNotFoundError} When the batch's log is not between `fromBlock` and `blockNumber`.
 *
 * @example
 * const { root, count, anchorer, uri } = await getReceiptBatch(publicClient, { batchId: 1n })
 */
export async function getReceiptBatch(
  client: Client,
  { batchId, address, chainId, blockNumber, fromBlock }: GetReceiptBatchParameters,
): Promise<GetReceiptBatchReturnType> {
  // The chain id picks the deployment when no address is given, and its start block when no fromBlock
  // is: asked of the node at most once, and not at all when both are given.
  const chain = chainId ?? (address === undefined || fromBlock === undefined ? await clientChainId(client) : undefined);
  const registry = await resolveContractAddress(client, { contractName: "ReceiptRegistry", address, chainId: chain });
  let root: Hex;
  try {
    root = await readContract(client, {
      address: registry,
      abi: receiptRegistryAbi,
      functionName: "batchRoot",
      args: [batchId],
      ...(blockNumber !== undefined ? { blockNumber } : {}),
    });
  } catch (error) {
    if (isContractRevert(error, "ReceiptRegistryUnknownBatch"))
      throw new BatchNotFoundError({ batchId, address: registry, cause: error });
    throw error;
  }

  // After the root is read, so the range's end is at or after the block the root was read at.
  const from = fromBlock ?? deploymentStartBlock(registry, chain!);
  const to = blockNumber ?? "latest";
  const logs = await getContractEvents(client, {
    address: registry,
    abi: receiptRegistryAbi,
    eventName: "BatchAnchored",
    args: { batchId },
    fromBlock: from,
    toBlock: to,
    strict: true,
  });
  // One log per id; it must agree with storage.
  const log = logs.find((l) => l.args.root === root);
  if (log === undefined)
    throw new BatchEventNotFoundError({ batchId, address: registry, fromBlock: from, toBlock: to });
  const { anchorer, provider, count, firstTimestamp, lastTimestamp, prevBatchId, uri } = log.args;
  return {
    batchId,
    root,
    anchorer,
    provider,
    count,
    firstTimestamp,
    lastTimestamp,
    prevBatchId,
    uri,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  };
}

async function clientChainId(client: Client): Promise<number> {
  return client.chain?.id ?? (await getChainId(client));
}

/** The generated deployment's start block if `registry` is that deployment, else 0. */
function deploymentStartBlock(registry: Address, chainId: number): bigint {
  const deployed = (deployedContracts as DeployedContracts)[chainId]?.ReceiptRegistry;
  return deployed !== undefined && isAddressEqual(deployed.address, registry) ? deployed.startBlock : 0n;
}
