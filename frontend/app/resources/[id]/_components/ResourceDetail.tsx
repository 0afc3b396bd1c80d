"use client";

import Link from "next/link";
import { Badge, ErrorState, Loading, Stat } from "@/components/StateViews";
import { WalletProviders } from "@/components/wallet/WalletProviders";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useRealtime } from "@/hooks/useRealtime";
import type { ResourceDetail as ResourceDetailData } from "@/lib/apiTypes";
import {
  formatBps,
  formatCpu,
  formatDuration,
  formatMemory,
  formatTimestamp,
  formatToken,
  pricePerPeriods,
  shortAddress,
} from "@/lib/format";
import { BookForm } from "./BookForm";

/** `GET /resources/:id` shown in full, with the booking form beside it. */
export function ResourceDetail({ id }: { id: string }) {
  const valid = /^\d{1,18}$/.test(id);
  const query = useApiQuery<ResourceDetailData>(valid ? `/resources/${id}` : null);
  // Bookings and edits of this resource arrive as chain events once indexed.
  useRealtime(valid ? `resource:${id}` : null, { "chain:event": () => void query.refetch() });
  if (!valid) return <ErrorState error={new Error(`"${id}" is not a resource id.`)} what="resource" />;
  if (query.isPending) return <Loading label="Loading resource…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} what="resource" />;
  const r = query.data;
  const p = r.providerRecord;
  const { perHour, perDay } = pricePerPeriods(r.pricePerSecond);

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_24rem]" data-testid="resource-detail" data-resource-id={r.id}>
      <div className="space-y-6">
        <div>
          <Link href="/marketplace" className="muted text-sm hover:underline">
            ← Marketplace
          </Link>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <h1 className="h1">
              Resource #{r.id} · {r.region}
            </h1>
            {r.available ? (
              <Badge tone="green">Available</Badge>
            ) : r.active ? (
              <Badge tone="amber">At capacity</Badge>
            ) : (
              <Badge>Paused</Badge>
            )}
          </div>
        </div>

        <section className="card" aria-labelledby="specs-title">
          <h2 id="specs-title" className="h2">
            Specs
          </h2>
          <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3">
            <Stat label="CPU" value={formatCpu(r.cpuMillicores)} />
            <Stat label="Memory" value={formatMemory(r.memoryMb)} />
            <Stat label="Storage" value={`${r.storageGb} GB`} />
            <Stat label="GPUs" value={r.gpuCount} />
            <Stat label="Capacity" value={`${r.inUse} of ${r.capacity} in use`} />
            <Stat label="Listed" value={formatTimestamp(r.listedAt)} />
          </dl>
        </section>

        <section className="card" aria-labelledby="price-title">
          <h2 id="price-title" className="h2">
            Price
          </h2>
          <dl className="mt-4 grid grid-cols-3 gap-4">
            <Stat label="Per second" value={formatToken(r.pricePerSecond, { maxFractionDigits: 8 })} />
            <Stat label="Per hour" value={formatToken(perHour)} testId="price-per-hour" />
            <Stat label="Per day" value={formatToken(perDay)} />
          </dl>
        </section>

        <section className="card" aria-labelledby="sla-title">
          <h2 id="sla-title" className="h2">
            SLA terms
          </h2>
          <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Uptime target" value={formatBps(r.sla.uptimeTargetBps)} />
            <Stat label="p95 latency bound" value={`${r.sla.p95LatencyMs} ms`} />
            <Stat label="Penalty per violation" value={formatBps(r.sla.penaltyBps)} />
            <Stat label="Period" value={formatDuration(r.sla.periodLength)} />
          </dl>
          <p className="muted mt-3 text-xs">
            Each period of an active booking is reported by a quorum of reporters; a violation returns the penalty share
            of that period&apos;s earnings to you.
          </p>
        </section>

        <section className="card" aria-labelledby="provider-title">
          <div className="flex items-center justify-between">
            <h2 id="provider-title" className="h2">
              Provider
            </h2>
            <Link
              href={`/auditor/providers/${p.address}`}
              className="text-sm text-indigo-600 hover:underline dark:text-indigo-400"
            >
              Full record →
            </Link>
          </div>
          <p className="mono mt-2">{p.address}</p>
          <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Reputation" value={formatBps(p.reputationBps)} />
            <Stat label="Stake" value={formatToken(p.stake)} />
            <Stat label="Periods reported" value={p.periodsReported} />
            <Stat label="Violations" value={p.violations} />
            <Stat label="Slashed" value={formatToken(p.slashedTotal)} />
            <Stat label="Open bookings" value={p.openBookings} />
            <Stat label="Bookings of this resource" value={r.bookingsCount} />
            <Stat label="Registered" value={p.registered ? formatTimestamp(p.registeredAt) : "no"} />
          </dl>
        </section>
      </div>

      <aside aria-labelledby="book-title" className="lg:sticky lg:top-20 lg:h-fit">
        <div className="card">
          <h2 id="book-title" className="h2">
            Book
          </h2>
          <p className="muted mt-1 text-xs">
            Provider {shortAddress(r.provider)} · paid into escrow, streamed by the second.
          </p>
          <WalletProviders>
            <BookForm resource={r} onBooked={() => void query.refetch()} />
          </WalletProviders>
        </div>
      </aside>
    </div>
  );
}
