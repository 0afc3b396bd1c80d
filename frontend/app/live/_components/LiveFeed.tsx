"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge, Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useRealtime } from "@/hooks/useRealtime";
import type { ChainEvent, ChainStatus, Page } from "@/lib/apiTypes";
import { chainEventToFeed, type FeedItem, messageToFeed } from "@/lib/feed";
import { formatTimestamp } from "@/lib/format";

const maxItems = 200;
const filters: (FeedItem["kind"] | "all")[] = ["all", "listing", "booking", "anchor", "sla", "scaling", "stake"];
const tones = {
  listing: "blue",
  booking: "green",
  anchor: "neutral",
  sla: "amber",
  scaling: "blue",
  stake: "neutral",
  other: "neutral",
} as const;

/** The global room's feed, seeded with the latest events from `GET /events`. */
export function LiveFeed() {
  const status = useApiQuery<ChainStatus>("/chain/status", { refetchInterval: 5_000 });
  const total = status.data?.eventsIndexed;
  const lastPage = total !== undefined ? Math.max(1, Math.ceil(total / 50)) : null;
  const seed = useApiQuery<Page<ChainEvent>>(lastPage !== null ? `/events?limit=50&page=${lastPage}` : null, {
    staleTime: Infinity,
  });
  const [items, setItems] = useState<FeedItem[]>([]);
  const [filter, setFilter] = useState<(typeof filters)[number]>("all");
  const [block, setBlock] = useState<number | null>(null);

  useEffect(() => {
    if (!seed.data) return;
    const seeded = seed.data.items.map(chainEventToFeed).reverse();
    setItems((prev) => {
      const ids = new Set(prev.map((i) => i.id));
      return [...prev, ...seeded.filter((i) => !ids.has(i.id))].slice(0, maxItems);
    });
  }, [seed.data]);

  const push = (item: FeedItem) =>
    setItems((prev) => (prev.some((i) => i.id === item.id) ? prev : [item, ...prev].slice(0, maxItems)));
  const now = () => Math.floor(Date.now() / 1000);
  const live = useRealtime("global", {
    "chain:event": (e) => push(chainEventToFeed(e as Parameters<typeof chainEventToFeed>[0])),
    "indexer:block": (b) => setBlock((b as { blockNumber: number }).blockNumber),
    "receipts.anchored": (p) => push(messageToFeed("receipts.anchored", p, now())),
    "compute.scaled": (p) => push(messageToFeed("compute.scaled", p, now())),
    "compute.instance": (p) => push(messageToFeed("compute.instance", p, now())),
  });

  const shown = filter === "all" ? items : items.filter((i) => i.kind === filter);
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
      </div>
      {status.isError ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} what="chain status" />
      ) : null}
      {(status.isPending || seed.isPending) && items.length === 0 && !status.isError ? (
        <Loading label="Loading recent events…" />
      ) : shown.length === 0 ? (
        <Empty title="Nothing yet.">Events appear here the moment they are indexed.</Empty>
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
