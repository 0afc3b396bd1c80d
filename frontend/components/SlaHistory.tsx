"use client";

import { SlaTable } from "@/components/SlaTable";
import { Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import type { Page, SlaReport } from "@/lib/apiTypes";

/** SLA reports of a provider's bookings, newest first (`GET /providers/:address/sla-reports`). */
export function SlaHistory({ provider, title = "SLA history" }: { provider: string; title?: string }) {
  const query = useApiQuery<Page<SlaReport>>(`/providers/${provider}/sla-reports?limit=50`);
  return (
    <section aria-labelledby="sla-history-title">
      <h2 id="sla-history-title" className="h2 mb-3">
        {title}
      </h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} what="SLA reports" />
      ) : query.data.items.length === 0 ? (
        <Empty title="No SLA reports yet.">Reports arrive once per period of each active booking.</Empty>
      ) : (
        <SlaTable reports={query.data.items} />
      )}
    </section>
  );
}
