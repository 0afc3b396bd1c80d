"use client";

import { SlaTable } from "@/components/SlaTable";
import { Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import type { Page, SlaReport } from "@/lib/apiTypes";

/** The booking's SLA periods as reported (`GET /bookings/:id/sla-reports`). */
export function SlaPeriods({ bookingId }: { bookingId: number }) {
  const query = useApiQuery<Page<SlaReport>>(`/bookings/${bookingId}/sla-reports?limit=100`, {
    refetchInterval: 15_000,
  });
  return (
    <section aria-labelledby="sla-periods-title">
      <h2 id="sla-periods-title" className="h2 mb-3">
        SLA periods
      </h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} what="SLA reports" />
      ) : query.data.items.length === 0 ? (
        <Empty title="No SLA periods reported yet." />
      ) : (
        <SlaTable reports={query.data.items} />
      )}
    </section>
  );
}
