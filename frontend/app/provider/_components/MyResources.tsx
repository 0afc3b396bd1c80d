"use client";

import { Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import type { Page, Resource } from "@/lib/apiTypes";
import { ResourceRow } from "./ResourceRow";

/** The provider's listings (active and paused), each with its bookings. */
export function MyResources({ provider }: { provider: string }) {
  const query = useApiQuery<Page<Resource>>(`/resources?provider=${provider}&limit=100&sort=newest`, {
    refetchInterval: 5_000,
  });
  return (
    <section aria-labelledby="my-resources-title">
      <h2 id="my-resources-title" className="h2 mb-3">
        Your listings
      </h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} what="listings" />
      ) : query.data.items.length === 0 ? (
        <Empty title="No listings yet.">List your first resource above.</Empty>
      ) : (
        <ul className="space-y-4">
          {query.data.items.map((r) => (
            <li key={r.id}>
              <ResourceRow resource={r} onChanged={() => void query.refetch()} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
