"use client";

import Link from "next/link";
import { useConnection } from "wagmi";
import { Badge, ErrorState, Loading, Stat } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useRealtime } from "@/hooks/useRealtime";
import type { BookingDetail as BookingDetailData } from "@/lib/apiTypes";
import { stateTone } from "@/lib/bookingState";
import { formatDuration, formatTimestamp, formatToken, shortAddress } from "@/lib/format";
import { BookingActions } from "./BookingActions";
import { ComputePanel } from "./ComputePanel";
import { RecentReceipts } from "./RecentReceipts";
import { SlaPeriods } from "./SlaPeriods";

/** `GET /bookings/:id` with its usage statement; the parties get actions and the compute view. */
export function BookingDetail({ id }: { id: string }) {
  const valid = /^\d{1,18}$/.test(id);
  const query = useApiQuery<BookingDetailData>(valid ? `/bookings/${id}` : null, { refetchInterval: 10_000 });
  const { address } = useConnection();
  useRealtime(valid ? `booking:${id}` : null, { "chain:event": () => void query.refetch() });

  if (!valid) return <ErrorState error={new Error(`"${id}" is not a booking id.`)} what="booking" />;
  if (query.isPending) return <Loading label="Loading booking…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} what="booking" />;
  const b = query.data;
  const me = address?.toLowerCase();
  const isConsumer = me === b.consumer.toLowerCase();
  const isProvider = me === b.provider.toLowerCase();

  return (
    <div className="space-y-6" data-testid="booking-detail" data-booking-id={b.id} data-state={b.state}>
      <div>
        <Link href="/bookings" className="muted text-sm hover:underline">
          ← My bookings
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="h1">Booking #{b.id}</h1>
          <Badge tone={stateTone(b.state)} testId="booking-state">
            {b.state}
          </Badge>
        </div>
        <p className="muted mt-1 text-sm">
          <Link href={`/resources/${b.resourceId}`} className="hover:underline">
            Resource #{b.resourceId}
          </Link>{" "}
          · consumer {shortAddress(b.consumer)} · provider{" "}
          <Link href={`/auditor/providers/${b.provider}`} className="hover:underline">
            {shortAddress(b.provider)}
          </Link>
        </p>
      </div>

      <section className="card" aria-labelledby="usage-title">
        <h2 id="usage-title" className="h2">
          Usage statement
        </h2>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="usage-statement">
          <Stat label="Paid into escrow" value={formatToken(b.amount)} />
          <Stat label="Earned by provider" value={formatToken(b.earned)} testId="usage-earned" />
          <Stat label="Refunded to you" value={formatToken(b.refunded)} />
          <Stat label="SLA penalties to you" value={formatToken(b.penalized)} />
          <Stat label="Platform fees" value={formatToken(b.feesPaid)} />
          <Stat label="Withdrawn by provider" value={formatToken(b.withdrawnNet)} />
          <Stat label="Duration" value={formatDuration(b.duration)} />
          <Stat label="Rate" value={`${formatToken(BigInt(b.pricePerSecond) * 3600n)}/h`} />
          <Stat label="Created" value={formatTimestamp(b.createdAt)} />
          <Stat
            label={b.startTime ? "Started" : "Activate by"}
            value={formatTimestamp(b.startTime ?? b.provisionDeadline)}
          />
          <Stat label="Ends" value={formatTimestamp(b.endTime)} />
          <Stat label="SLA reports" value={b.slaReportsCount} />
        </dl>
      </section>

      {isConsumer || b.state === "expired" || b.state === "ended" ? (
        <BookingActions booking={b} isConsumer={isConsumer} onChanged={() => void query.refetch()} />
      ) : null}

      <ComputePanel booking={b} isParty={isConsumer || isProvider} />
      <SlaPeriods bookingId={b.id} />
      <RecentReceipts bookingId={b.id} />
    </div>
  );
}
