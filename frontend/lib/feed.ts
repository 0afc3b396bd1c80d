/** One line of the live operations feed. */
export type FeedItem = {
  id: string;
  /** `other`: plumbing (token transfers and approvals, roles, escrow streams, governance, parameters). */
  kind: "listing" | "booking" | "anchor" | "sla" | "scaling" | "stake" | "other";
  title: string;
  detail: string;
  timestamp: number;
  href?: string;
  /**
   * Where the item sits in the chain's order, newest is largest: `[blockNumber, logIndex]` for a
   * chain event; for a message of the node (no log of its own), the block the page knew when it
   * arrived and a position after that block's logs. Timestamps cannot order the feed: compute
   * messages carry the wall clock, chain events the block time, and the two drift apart.
   */
  order: readonly [block: number, position: number];
};

/** The kinds shown by default: what happens in the marketplace, not the plumbing behind it. */
export const marketplaceKinds = ["listing", "booking", "anchor", "sla", "stake", "scaling"] as const;

/** Message positions start past any log index of their block. */
const MESSAGE_POSITION = 1_000_000;

const kinds: Record<string, FeedItem["kind"]> = {
  ResourceListed: "listing",
  ResourceUpdated: "listing",
  ResourceActiveSet: "listing",
  BookingCreated: "booking",
  BookingActivated: "booking",
  BookingExtended: "booking",
  BookingCancelled: "booking",
  BookingReclaimed: "booking",
  BookingCompleted: "booking",
  BatchAnchored: "anchor",
  SchedulerAuthorized: "anchor",
  SchedulerRevoked: "anchor",
  ReportSubmitted: "sla",
  ReportFinalized: "sla",
  ReportApplied: "sla",
  ReportDisputed: "sla",
  DisputeResolved: "sla",
  PenaltyApplied: "sla",
  ProviderSlashed: "sla",
  ProviderRegistered: "stake",
  ProviderDeregistered: "stake",
  StakeIncreased: "stake",
  StakeWithdrawn: "stake",
  StakeSlashed: "stake",
};

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** Turns a `chain:event` message (or a `GET /events` row) into a feed line. */
export function chainEventToFeed(e: {
  id?: string;
  contract: string;
  event: string;
  args: Record<string, unknown>;
  blockNumber: number;
  logIndex: number;
  timestamp?: number;
  blockTimestamp?: number;
}): FeedItem {
  const a = e.args;
  const kind = kinds[e.event] ?? "other";
  const parts: string[] = [];
  let href: string | undefined;
  if (a.resourceId !== undefined) {
    parts.push(`resource #${str(a.resourceId)}`);
    href = `/resources/${str(a.resourceId)}`;
  }
  if (a.bookingId !== undefined) {
    parts.push(`booking #${str(a.bookingId)}`);
    href = `/bookings/${str(a.bookingId)}`;
  }
  if (a.batchId !== undefined) parts.push(`batch #${str(a.batchId)}, ${str(a.count)} receipts`);
  if (a.period !== undefined) parts.push(`period ${str(a.period)}`);
  if (a.violated !== undefined) parts.push(a.violated ? "violated" : "met");
  if (a.provider !== undefined && kind !== "anchor") parts.push(`provider ${str(a.provider).slice(0, 10)}…`);
  return {
    id: e.id ?? `${e.blockNumber}:${e.logIndex}`,
    kind,
    title: `${e.contract}.${e.event}`,
    detail: parts.join(" · "),
    timestamp: e.timestamp ?? e.blockTimestamp ?? 0,
    href,
    order: [e.blockNumber, e.logIndex],
  };
}

/**
 * Turns a compute-plane or receipts message into a feed line. `at` places it in the feed: the block
 * the page had seen when it arrived and an arrival counter (see {@link FeedItem.order}).
 */
export function messageToFeed(
  event: string,
  payload: unknown,
  now: number,
  at: { block: number; seq: number } = { block: 0, seq: 0 },
): FeedItem {
  const order = [at.block, MESSAGE_POSITION + at.seq] as const;
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  if (event === "receipts.anchored")
    return {
      id: `anchor-${str(p.batchId)}-${str(p.txHash)}`,
      kind: "anchor",
      title: "Receipts anchored",
      detail: `batch #${str(p.batchId)} · ${str(p.count)} receipts · provider ${str(p.provider).slice(0, 10)}…`,
      timestamp: now,
      order,
    };
  const booking = p.bookingId !== undefined ? `booking #${str(p.bookingId)}` : "";
  let title = event;
  let detail = booking;
  if (event === "compute.scaled" && p.from !== undefined && p.to !== undefined) {
    title = `Scaled ${p.action === "down" ? "down" : "up"} ${str(p.from)} → ${str(p.to)} instances`;
    detail = [booking, str(p.reason)].filter(Boolean).join(" · ");
  } else if (event === "compute.instance" && p.instanceId !== undefined) {
    title = `Instance ${str(p.instanceId)} ${str(p.event)}`;
    detail = [booking, p.reason ? str(p.reason) : ""].filter(Boolean).join(" · ");
  }
  return {
    id: `${event}-${now}-${Math.random().toString(36).slice(2, 8)}`,
    kind: "scaling",
    title,
    detail,
    timestamp: now,
    href: p.bookingId !== undefined ? `/bookings/${str(p.bookingId)}` : undefined,
    order,
  };
}

/** Newest first: a later block first, then a later position in it. */
export function compareFeedItems(a: FeedItem, b: FeedItem): number {
  return b.order[0] - a.order[0] || b.order[1] - a.order[1];
}

/**
 * Adds `incoming` to the feed `items` (already merged): each id once (the first copy kept), newest
 * first whatever the arrival order (the initial `GET /events` page may land after live messages), at
 * most `max` marketplace items and `max` plumbing items, so a flood of token transfers cannot push
 * the marketplace's history out while hidden.
 */
export function mergeFeed(items: readonly FeedItem[], incoming: readonly FeedItem[], max: number): FeedItem[] {
  const ids = new Set(items.map((i) => i.id));
  const added = incoming.filter((i) => !ids.has(i.id) && ids.add(i.id));
  if (added.length === 0) return items as FeedItem[];
  const merged = [...items, ...added].sort(compareFeedItems);
  let marketplace = 0;
  let other = 0;
  return merged.filter((i) => (i.kind === "other" ? ++other : ++marketplace) <= max);
}

/** What the feed shows: one kind or every marketplace kind; plumbing only with `allEvents`. */
export function visibleFeed(
  items: readonly FeedItem[],
  filter: { kind: FeedItem["kind"] | "all"; allEvents: boolean },
): FeedItem[] {
  return items.filter(
    (i) => (filter.allEvents || i.kind !== "other") && (filter.kind === "all" || i.kind === filter.kind),
  );
}
