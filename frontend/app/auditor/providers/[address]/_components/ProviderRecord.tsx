"use client";

import Link from "next/link";
import { isAddress } from "viem";
import { SlaHistory } from "@/components/SlaHistory";
import { Badge, Empty, ErrorState, Loading, Stat } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useInitialReputation } from "@/hooks/useInitialReputation";
import type { Booking, ChainEvent, Page, Provider, ReceiptBatchRow } from "@/lib/apiTypes";
import { stateTone } from "@/lib/bookingState";
import { formatBps, formatDuration, formatTimestamp, formatToken } from "@/lib/format";
import { ReputationChart } from "./ReputationChart";

/**
 * `GET /providers/:address` with its bookings, SLA reports, reputation after each applied report, and
 * how many receipt batches were anchored for it (`GET /receipts/batches?provider=`): a provider whose
 * node anchors nothing leaves its scheduling decisions unverifiable.
 */
export function ProviderRecord({ address }: { address: string }) {
  const valid = isAddress(address, { strict: false });
  const a = address.toLowerCase();
  const record = useApiQuery<Provider>(valid ? `/providers/${a}` : null);
  const bookings = useApiQuery<Page<Booking>>(valid ? `/bookings?provider=${a}&limit=50` : null);
  const batches = useApiQuery<Page<ReceiptBatchRow>>(valid ? `/receipts/batches?provider=${a}&limit=1` : null);
  const initialReputation = useInitialReputation();
  const applied = useApiQuery<Page<ChainEvent>>(
    valid ? `/events?contract=SLAEnforcement&event=ReportApplied&limit=100` : null,
  );

  if (!valid) return <ErrorState error={new Error(`"${address}" is not an address.`)} what="provider" />;
  if (record.isPending) return <Loading label="Loading provider record…" />;
  if (record.isError)
    return <ErrorState error={record.error} onRetry={() => void record.refetch()} what="provider record" />;
  const p = record.data;
  const reputation = (applied.data?.items ?? [])
    .filter((e) => String(e.args.provider).toLowerCase() === a)
    .map((e) => ({ t: e.blockTimestamp, bps: Number(e.args.reputationBps) }));

  return (
    <div className="space-y-6" data-testid="provider-record">
      <div>
        <Link href="/auditor" className="muted text-sm hover:underline">
          ← Auditor
        </Link>
        <h1 className="h1 mt-2">Provider record</h1>
        <p className="mono mt-1">{p.address}</p>
      </div>
      <section className="card" aria-labelledby="record-stats">
        <h2 id="record-stats" className="sr-only">
          Figures
        </h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Registered" value={p.registered ? formatTimestamp(p.registeredAt) : "no"} />
          <Stat label="Stake" value={formatToken(p.stake)} />
          <Stat label="Reputation" value={formatBps(p.reputationBps)} testId="record-reputation" />
          <Stat label="SLA periods reported" value={p.periodsReported} />
          <Stat label="Violations" value={p.violations} />
          <Stat label="Penalties paid" value={formatToken(p.bookings.penalized)} />
          <Stat label="Slashed" value={formatToken(p.slashedTotal)} />
          <Stat label="Bookings" value={p.bookings.total} />
          <Stat
            label="Anchored receipt batches"
            value={batches.data?.total ?? (batches.isError ? "—" : "…")}
            testId="record-batches"
          />
        </dl>
        <p className="muted mt-4 text-sm" data-testid="reputation-note">
          Every provider starts at{" "}
          {initialReputation.data !== undefined ? formatBps(initialReputation.data) : "the contract's initial value"} (
          <code className="font-mono">SLAEnforcement.INITIAL_REPUTATION</code>); each applied SLA report raises it when
          the period met the SLA and lowers it on a violation
          {p.periodsReported === 0 ? ". None applied yet, so this is still the starting value." : "."}
        </p>
      </section>
      <section className="card" aria-labelledby="rep-title">
        <h2 id="rep-title" className="h2">
          Reputation over time
        </h2>
        {applied.isPending ? (
          <Loading />
        ) : reputation.length === 0 ? (
          <p className="muted mt-2 text-sm">No SLA report applied yet: reputation is at its starting value.</p>
        ) : (
          <ReputationChart points={reputation} />
        )}
      </section>
      <section aria-labelledby="record-bookings">
        <h2 id="record-bookings" className="h2 mb-3">
          Bookings
        </h2>
        {bookings.isPending ? (
          <Loading />
        ) : bookings.isError ? (
          <ErrorState error={bookings.error} what="bookings" />
        ) : bookings.data.items.length === 0 ? (
          <Empty title="No bookings yet." />
        ) : (
          <div className="card overflow-x-auto p-0">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Booking</th>
                  <th scope="col">Resource</th>
                  <th scope="col">State</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Penalized</th>
                </tr>
              </thead>
              <tbody>
                {bookings.data.items.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link href={`/bookings/${b.id}`} className="hover:underline">
                        #{b.id}
                      </Link>
                    </td>
                    <td>#{b.resourceId}</td>
                    <td>
                      <Badge tone={stateTone(b.state)}>{b.state}</Badge>
                    </td>
                    <td>{formatDuration(b.duration)}</td>
                    <td>{formatToken(b.amount)}</td>
                    <td>{formatToken(b.penalized)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <SlaHistory provider={a} title="SLA reports and penalties" />
    </div>
  );
}
