/** One line of the live operations feed. */
export type FeedItem = {
  id: string;
  kind: "listing" | "booking" | "anchor" | "sla" | "scaling" | "stake" | "other";
  title: string;
  detail: string;
  timestamp: number;
  href?: string;
};

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
  ReportSubmitted: "sla",
  ReportFinalized: "sla",
  ReportApplied: "sla",
  ReportDisputed: "sla",
  ProviderSlashed: "sla",
  ProviderRegistered: "stake",
  StakeIncreased: "stake",
  StakeWithdrawn: "stake",
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
  };
}

/** Turns a compute-plane or receipts message into a feed line. */
export function messageToFeed(event: string, payload: unknown, now: number): FeedItem {
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  if (event === "receipts.anchored")
    return {
      id: `anchor-${str(p.batchId)}-${str(p.txHash)}`,
      kind: "anchor",
      title: "Receipts anchored",
      detail: `batch #${str(p.batchId)} · ${str(p.count)} receipts · provider ${str(p.provider).slice(0, 10)}…`,
      timestamp: now,
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
  };
}
