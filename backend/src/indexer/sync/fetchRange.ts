import { decodeEventLog, type Abi, type Address, type Hex, type Log, type PublicClient } from "viem";
import type { ContractName } from "../../chain/abis.js";
import type { IndexedEvent } from "../types.js";

export type BlockRef = { number: bigint; hash: Hex; timestamp: bigint };

export type FetchRangeParameters = {
  client: PublicClient;
  /** Contracts to read, by address (lowercase). */
  contracts: Map<string, { name: ContractName; abi: Abi }>;
  fromBlock: bigint;
  toBlock: bigint;
};

export type FetchRangeReturnType = {
  /** The last block of the range, as it was on both sides of the logs request. */
  toBlock: BlockRef;
  /** Decoded events in chain order. */
  events: IndexedEvent[];
  /** Every block the events are in (number, hash, timestamp). */
  blocks: BlockRef[];
};

/** The chain changed under a range while it was read; read it again. */
export class RangeChangedError extends Error {
  override name = "RangeChangedError";
}

/**
 * Reads a block range's logs consistently: the range's last block is read before and after the
 * logs, and the logs are only accepted when both reads agree (the last block's hash commits to
 * every block below it), so a reorg during the read cannot mix two branches.
 * @throws {RangeChangedError} when a reorg happened during the read.
 */
export async function fetchRange({
  client,
  contracts,
  fromBlock,
  toBlock,
}: FetchRangeParameters): Promise<FetchRangeReturnType> {
  const before = await client.getBlock({ blockNumber: toBlock });
  const logs = await client.getLogs({ address: [...contracts.keys()] as Address[], fromBlock, toBlock });
  const after = await client.getBlock({ blockNumber: toBlock });
  if (before.hash !== after.hash) throw new RangeChangedError(`block ${toBlock} changed while reading logs`);
  for (const log of logs) {
    if (log.blockNumber === toBlock && log.blockHash !== after.hash) {
      throw new RangeChangedError(`logs of block ${toBlock} belong to another branch`);
    }
  }

  const blocks = new Map<bigint, BlockRef>();
  blocks.set(toBlock, { number: toBlock, hash: after.hash, timestamp: after.timestamp });
  const missing = new Set<bigint>();
  for (const log of logs as (Log & { blockTimestamp?: bigint | Hex })[]) {
    if (blocks.has(log.blockNumber!)) continue;
    if (log.blockTimestamp !== undefined && log.blockTimestamp !== null) {
      blocks.set(log.blockNumber!, {
        number: log.blockNumber!,
        hash: log.blockHash!,
        timestamp: BigInt(log.blockTimestamp),
      });
    } else missing.add(log.blockNumber!);
  }
  // Nodes that do not put timestamps on logs: one batched header request per block with events.
  const headers = await Promise.all([...missing].map((blockNumber) => client.getBlock({ blockNumber })));
  for (const h of headers) blocks.set(h.number, { number: h.number, hash: h.hash, timestamp: h.timestamp });

  const events: IndexedEvent[] = [];
  for (const log of logs) {
    const contract = contracts.get(log.address.toLowerCase());
    if (!contract) continue;
    const block = blocks.get(log.blockNumber!)!;
    if (block.hash !== log.blockHash)
      throw new RangeChangedError(`block ${log.blockNumber} changed while reading headers`);
    let decoded;
    try {
      decoded = decodeEventLog({ abi: contract.abi, topics: log.topics, data: log.data });
    } catch {
      continue; // not an event of this ABI (cannot happen for our own contracts)
    }
    events.push({
      contract: contract.name,
      eventName: String(decoded.eventName),
      args: (decoded.args ?? {}) as IndexedEvent["args"],
      address: log.address,
      topics: [...log.topics] as Hex[],
      data: log.data,
      blockNumber: log.blockNumber!,
      blockHash: log.blockHash!,
      blockTimestamp: block.timestamp,
      logIndex: log.logIndex!,
      transactionHash: log.transactionHash!,
    });
  }
  return { toBlock: blocks.get(toBlock)!, events, blocks: [...blocks.values()] };
}
