import type { ReceiptScheduler } from "../apiTypes";

/**
 * Whether the node can anchor `provider`'s receipts, from `GET /receipts/schedulers`:
 * - `authorized`: one of the node's keys is authorized for the provider (it can be revoked);
 * - `available`: none is, but a key is free (authorized for nobody): the provider can authorize it;
 * - `taken`: every key of the node anchors for another provider (a key serves one provider only);
 * - `none`: the node has no scheduler key at all (`RECEIPTS_SCHEDULER_KEYS` unset).
 */
export type AnchoringStatus =
  | { kind: "authorized"; scheduler: string }
  | { kind: "available"; scheduler: string }
  | { kind: "taken" }
  | { kind: "none" };

/** The provider's anchoring status. Addresses compare case-insensitively. */
export function anchoringStatus(schedulers: readonly ReceiptScheduler[], provider: string): AnchoringStatus {
  if (schedulers.length === 0) return { kind: "none" };
  const me = provider.toLowerCase();
  const mine = schedulers.find((s) => s.provider?.toLowerCase() === me);
  if (mine) return { kind: "authorized", scheduler: mine.address };
  const free = schedulers.find((s) => s.provider === null);
  if (free) return { kind: "available", scheduler: free.address };
  return { kind: "taken" };
}
