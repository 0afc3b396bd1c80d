import type { ContractEventName, DecodeEventLogReturnType, Hex } from "viem";
import type { Tx } from "../database/database.js";
import type { AbiOf, ContractName } from "../chain/abis.js";

/** A decoded log of one of the deployment's contracts, with the block it is in. */
export type IndexedEvent<N extends ContractName = ContractName, E extends string = string> = {
  contract: N;
  eventName: E;
  args: E extends ContractEventName<AbiOf<N>> ? DecodeEventLogReturnType<AbiOf<N>, E>["args"] : Record<string, unknown>;
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: bigint;
  blockHash: Hex;
  blockTimestamp: bigint;
  logIndex: number;
  transactionHash: Hex;
};

/** What a handler gets: the open transaction of the chunk being indexed. */
export type HandlerContext = { tx: Tx };

export type Handler<N extends ContractName, E extends ContractEventName<AbiOf<N>>> = (
  ctx: HandlerContext,
  event: IndexedEvent<N, E>,
) => Promise<void>;

/** One handler per `Contract:Event` of a contract; events without a handler are only logged raw. */
export type ContractHandlers<N extends ContractName> = {
  [E in ContractEventName<AbiOf<N>>]?: Handler<N, E>;
};

/** Types a contract's handlers against its ABI. */
export function defineHandlers<N extends ContractName>(
  _contract: N,
  handlers: ContractHandlers<N>,
): ContractHandlers<N> {
  return handlers;
}
