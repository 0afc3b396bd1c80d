"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useConnection } from "wagmi";
import { Badge, Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useResourcesById } from "@/hooks/useResourcesById";
import { bookingStates, type Booking, type ChainStatus, type Page } from "@/lib/apiTypes";
import { activationDeadline, stateTone } from "@/lib/bookingState";
import { formatDuration, formatSpecs, formatTimestamp, formatToken } from "@/lib/format";

/**
 * `GET /bookings?consumer=<address>`, filterable by state, each with its machine (region and specs,
 * from its listing) and, while requested, the deadline the provider must activate it by (in chain
 * time: past it, the consumer can reclaim).
 */
export function MyBookings() {
  const { address } = useConnection();
  const params = useSearchParams();
  const state = params.get("state") ?? "";
  const filter = (bookingStates as readonly string[]).includes(state) ? `&state=${state}` : "";
  const query = useApiQuery<Page<Booking>>(
    address ? `/bookings?consumer=${address.toLowerCase()}&limit=100${filter}` : null,
    {
      refetchInterval: 5_000,
    },
  );
  const resources = useResourcesById(query.data?.items.map((b) => b.resourceId) ?? []);
  const chain = useApiQuery<ChainStatus>("/chain/status", { refetchInterval: 15_000 });
  const now = chain.data?.indexedTimestamp ?? null;
  return (
    <div className="mt-6">
      <nav aria-label="Filter by state" className="mb-4 flex flex-wrap gap-1 text-sm">
        {["", ...bookingStates].map((s) => (
          <Link
            key={s || "all"}
            href={s ? `/bookings?state=${s}` : "/bookings"}
            aria-current={s === state ? "page" : undefined}
            className={`rounded-md px-2.5 py-1 ${s === state ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900" : "muted hover:text-zinc-900 dark:hover:text-white"}`}
          >
            {s || "all"}
          </Link>
        ))}
      </nav>
      {query.isPending ? (
        <Loading label="Loading your bookings…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} what="bookings" />
      ) : query.data.items.length === 0 ? (
        <Empty title="No bookings yet.">
          <Link href="/marketplace" className="underline">
            Browse the marketplace
          </Link>{" "}
          to book compute.
        </Empty>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Booking</th>
                <th scope="col">Resource</th>
                <th scope="col">State</th>
                <th scope="col">Duration</th>
                <th scope="col">Paid</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((b) => {
                const r = resources.get(b.resourceId);
                const deadline = activationDeadline(b, now);
                return (
                  <tr key={b.id} data-testid="booking-row" data-booking-id={b.id} data-state={b.state}>
                    <td>
                      <Link
                        href={`/bookings/${b.id}`}
                        className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
                      >
                        #{b.id}
                      </Link>
                    </td>
                    <td data-testid="booking-resource">
                      <Link href={`/resources/${b.resourceId}`} className="hover:underline">
                        {r ? r.region : `#${b.resourceId}`}
                      </Link>
                      <span className="muted block text-xs">{r ? `${formatSpecs(r)} · #${b.resourceId}` : "…"}</span>
                    </td>
                    <td>
                      <Badge tone={stateTone(b.state)}>{b.state}</Badge>
                      {deadline ? (
                        <span
                          className={`block text-xs ${deadline.passed ? "text-red-700 dark:text-red-300" : "muted"}`}
                          data-testid="activation-deadline"
                          data-deadline={deadline.deadline}
                        >
                          {deadline.passed ? "activation deadline passed " : "to be activated by "}
                          {formatTimestamp(deadline.deadline)}
                          {deadline.relative ? ` (${deadline.relative})` : ""}
                        </span>
                      ) : null}
                    </td>
                    <td>{formatDuration(b.duration)}</td>
                    <td>{formatToken(b.amount)}</td>
                    <td>{formatTimestamp(b.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
