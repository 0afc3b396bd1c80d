/** `receipts.anchored`: a batch of this node's receipts is anchored on-chain and indexed (to `global`). */
export type ReceiptsAnchoredMessage = {
  batchId: number;
  root: string;
  provider: string;
  anchorer: string;
  /** Receipts (leaves) in the batch. */
  count: number;
  /** Decisions they stand for (more when some were aggregated). */
  decisions: number;
  txHash: string;
  blockNumber: number;
};
