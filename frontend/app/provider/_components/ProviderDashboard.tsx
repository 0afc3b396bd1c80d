"use client";

import { useConnection } from "wagmi";
import { ErrorState, Loading, Stat } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import { ApiError } from "@/lib/api";
import type { Provider } from "@/lib/apiTypes";
import { formatBps, formatToken } from "@/lib/format";
import { CreateListing } from "./CreateListing";
import { Earnings } from "./Earnings";
import { MyResources } from "./MyResources";
import { ReceiptAnchoring } from "./ReceiptAnchoring";
import { RegisterCard } from "./RegisterCard";
import { SlaHistory } from "@/components/SlaHistory";

/** Everything a connected provider manages, from `GET /providers/:address` and the chain. */
export function ProviderDashboard() {
  const { address } = useConnection();
  const query = useApiQuery<Provider>(address ? `/providers/${address.toLowerCase()}` : null, {
    refetchInterval: 5_000,
  });
  if (!address) return null;
  if (query.isPending) return <Loading label="Loading your provider record…" />;
  const notRegistered =
    (query.isError && query.error instanceof ApiError && query.error.status === 404) ||
    (query.data !== undefined && !query.data.registered);
  if (query.isError && !notRegistered)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} what="provider record" />;
  if (notRegistered) return <RegisterCard onRegistered={() => void query.refetch()} />;
  const p = query.data!;
  return (
    <div className="mt-6 space-y-6" data-testid="provider-dashboard">
      <section className="card" aria-labelledby="record-title">
        <h2 id="record-title" className="h2">
          Your record
        </h2>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Stake" value={formatToken(p.stake)} testId="provider-stake" />
          <Stat label="Reputation" value={formatBps(p.reputationBps)} testId="provider-reputation" />
          <Stat label="SLA periods reported" value={p.periodsReported} />
          <Stat label="Violations" value={p.violations} />
          <Stat label="Listings" value={`${p.resources.active} active of ${p.resources.total}`} />
          <Stat label="Open bookings" value={p.openBookings} />
          <Stat label="Slashed" value={formatToken(p.slashedTotal)} />
          <Stat label="Stake holds" value={p.stakeHolds} />
        </dl>
      </section>
      <ReceiptAnchoring provider={p.address} />
      <Earnings provider={p} />
      <CreateListing onListed={() => void query.refetch()} />
      <MyResources provider={p.address} />
      <SlaHistory provider={p.address} />
    </div>
  );
}
