"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import type { Page, Resource } from "@/lib/apiTypes";
import {
  type MarketplaceFilters,
  pageSize,
  parseMarketplaceQuery,
  toMarketplaceQuery,
  toResourcesApiQuery,
} from "@/lib/marketplaceQuery";
import { Filters } from "./Filters";
import { Pagination } from "./Pagination";
import { ResourceCard } from "./ResourceCard";

/** Listings from `GET /resources`, driven by the URL's query. */
export function Marketplace() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = parseMarketplaceQuery(new URLSearchParams(params.toString()));
  const query = useApiQuery<Page<Resource>>(`/resources${toResourcesApiQuery(filters)}`, { placeholderData: (p) => p });

  const update = useCallback(
    (next: MarketplaceFilters) => router.replace(`${pathname}${toMarketplaceQuery(next)}`, { scroll: false }),
    [router, pathname],
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
      <Filters value={filters} onChange={update} />
      <div>
        {query.isPending ? (
          <Loading label="Loading listings…" />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} what="listings" />
        ) : query.data.items.length === 0 ? (
          <Empty title="No listings match these filters.">Widen the filters or check back later.</Empty>
        ) : (
          <>
            <p className="muted mb-3 text-sm" data-testid="results-count" aria-live="polite">
              {query.data.total} listing{query.data.total === 1 ? "" : "s"}
            </p>
            <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Listings">
              {query.data.items.map((r) => (
                <li key={r.id}>
                  <ResourceCard resource={r} />
                </li>
              ))}
            </ul>
            <Pagination
              page={filters.page}
              pages={Math.max(1, Math.ceil(query.data.total / pageSize))}
              onPage={(page) => update({ ...filters, page })}
            />
          </>
        )}
      </div>
    </div>
  );
}
