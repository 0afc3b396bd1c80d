"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Badge, Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useRealtime } from "@/hooks/useRealtime";
import type { ChainEvent, ChainStatus, Page } from "@/lib/apiTypes";
import { chainEventToFeed, type FeedItem, marketplaceKinds, mergeFeed, messageToFeed, visibleFeed } from "@/lib/feed";
import { formatTimestamp } from "@/lib/format";

const maxItems = 200;
/** Events per `GET /events` page of the initial load (the API's maximum). */
const seedPage = 100;
const filters: (FeedItem["kind"] | "all")[] = ["all", ...marketplaceKinds];
const tones = {
  listing: "blue",
  booking: "green",
  anchor: "neutral",
  sla: "amber",
  scaling: "blue",
  stake: "neutral",
  other: "neutral",
} as const;

/**
 * The global room's feed, seeded with the newest indexed events from `GET /events` (its last two
 * pages, so the newest `seedPage` are in even when the last page is short). Marketplace events by
 * default; token transfers, roles and other plumbing behind the "all events" switch.
 */
export function LiveFeed() {
  const status = useApiQuery<ChainStatus>("/chain/status", { refetchInterval: 5_000 });
  const total = status.data?.eventsIndexed;
  const lastPage = total !== undefined ? Math.max(1, Math.ceil(total / seedPage)) : null;
  const seedPath = (page: number | null) =>
    page !== null && page >= 1 ? `/events?limit=${seedPage}&page=${page}` : null;
  const seed = useApiQuery<Page<ChainEvent>>(seedPath(lastPage), { staleTime: Infinity });
  const seedBefore = useApiQuery<Page<ChainEvent>>(seedPath(lastPage !== null ? lastPage - 1 : null), {
    staleTime: Infinity,
  });
  const [items, setItems] = useState<FeedItem[]>([]);
  const [filter, setFilter] = useState<(typeof filters)[number]>("all");
  const [allEvents, setAllEvents] = useState(false);
  const [block, setBlock] = useState<number | null>(null);
  /** The newest block this page has seen, and a counter: where the node's messages go in the feed. */
  const position = useRef({ block: 0, seq: 0 });
  const indexedBlock = status.data?.indexedBlock ?? 0;
  useEffect(() => {
    position.current.block = Math.max(position.current.block, block ?? 0, indexedBlock);
  }, [block, indexedBlock]);

  useEffect(() => {
    const seeded = [...(seedBefore.data?.items ?? []), ...(seed.data?.items ?? [])].map(chainEventToFeed);
    if (seeded.length > 0) setItems((prev) => mergeFeed(prev, seeded, maxItems));
  }, [seed.data, seedBefore.data]);

  const push = (item: FeedItem) => setItems((prev) => mergeFeed(prev, [item], maxItems));
  const message = (event: string) => (payload: unknown) =>
    push(
      messageToFeed(event, payload, Math.floor(Date.now() / 1000), {
        block: position.current.block,
        seq: position.current.seq++,
      }),
    );
  const live = useRealtime("global", {
    "chain:event": (e) => {
      const event = e as Parameters<typeof chainEventToFeed>[0];
      position.current.block = Math.max(position.current.block, event.blockNumber);
      push(chainEventToFeed(event));
    },
    "indexer:block": (b) => setBlock((b as { blockNumber: number }).blockNumber),
    "receipts.anchored": message("receipts.anchored"),
    "compute.scaled": message("compute.scaled"),
    "compute.instance": message("compute.instance"),
  });

  const shown = visibleFeed(items, { kind: filter, allEvents });
  /** Plumbing events the current view leaves out. */
  const hidden = allEvents ? 0 : visibleFeed(items, { kind: filter, allEvents: true }).length - shown.length;
  return (
    <div className="mt-6 space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Badge tone={live === "live" ? "green" : "amber"} testId="live-status">
          {live === "live" ? "● live" : live}
        </Badge>
        <span className="muted">
          block {block ?? status.data?.indexedBlock ?? "…"} · {status.data?.eventsIndexed ?? "…"} events indexed
        </span>
        <div role="group" aria-label="Filter the feed" className="ml-auto flex flex-wrap gap-1">
          {filters.map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={filter === f}
              onClick={() => setFilter(f)}
              className={`rounded-md px-2.5 py-1 ${filter === f ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900" : "muted hover:text-zinc-900 dark:hover:text-white"}`}
            >
              {f}
            </button>
          ))}
        </div>
        <label className="muted flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={allEvents}
            onChange={(e) => setAllEvents(e.target.checked)}
            data-testid="feed-all-events"
          />
          all events
          <span className="sr-only"> (token transfers, roles and other plumbing)</span>
        </label>
      </div>
      {status.isError ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} what="chain status" />
      ) : null}
      {(status.isPending || seed.isPending) && items.length === 0 && !status.isError ? (
        <Loading label="Loading recent events…" />
      ) : shown.length === 0 ? (
        <Empty title="Nothing yet.">
          Events appear here the moment they are indexed.
          {hidden > 0 ? ` ${hidden} token, role or other plumbing events are hidden: tick "all events".` : null}
        </Empty>
      ) : (
        <ol
          className="card divide-y divide-zinc-100 p-0 dark:divide-zinc-800"
          aria-live="polite"
          aria-label="Events"
          data-testid="live-feed"
        >
          {shown.map((i) => (
            <li
              key={i.id}
              className="flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm"
              data-testid="feed-item"
              data-kind={i.kind}
              data-block={i.order[0]}
            >
              <Badge tone={tones[i.kind]}>{i.kind}</Badge>
              <span className="font-medium">{i.title}</span>
              {i.href ? (
                <Link href={i.href} className="muted hover:underline">
                  {i.detail}
                </Link>
              ) : (
                <span className="muted">{i.detail}</span>
              )}
              <span className="muted ml-auto text-xs">{formatTimestamp(i.timestamp)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
