/** Messages the server sends to socket.io clients. */

/** `chain:event`: one indexed contract event, sent once it is committed to the index. */
export type ChainEventMessage = {
  /** `<blockNumber>:<logIndex>`, unique and sortable per chain. */
  id: string;
  contract: string;
  event: string;
  /** Decoded arguments; uint256 and other bigints as decimal strings. */
  args: Record<string, unknown>;
  address: string;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
  txHash: string;
  /** Block timestamp, unix seconds. */
  timestamp: number;
  /** The rooms this message was sent to (a client in several of them receives it once). */
  rooms: string[];
};

/** `indexer:block`: the index advanced to this block (to `global`). */
export type IndexerBlockMessage = { blockNumber: number; blockHash: string; timestamp: number; events: number };

/** `indexer:reorg`: the index rolled back to `ancestor` (to every client): refetch what you show. */
export type IndexerReorgMessage = {
  ancestor: { blockNumber: number; blockHash: string; timestamp: number };
  depth: number;
  droppedEvents: number;
};

/** The acknowledgement of `subscribe` / `unsubscribe`. */
export type SubscriptionAck = { ok: true; room: string; rooms: string[] } | { ok: false; error: string };
