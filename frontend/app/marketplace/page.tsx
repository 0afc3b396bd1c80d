import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@/components/StateViews";
import { config } from "@/lib/config";
import { parseMarketplaceQuery, toResourcesApiQuery } from "@/lib/marketplaceQuery";
import { Marketplace } from "./_components/Marketplace";

export const metadata: Metadata = { title: "Marketplace" };

/**
 * The listings request of the unfiltered view. The page is static (the filters are read from the URL
 * on the client), so this is the one request known in advance. Preloaded from the HTML (by a tiny
 * inline script, only when the URL has no query), it runs while the scripts load and hydrate, and
 * the list's own `fetch` picks up the answer instead of starting then.
 */
const defaultListings = `${config.apiUrl}/resources${toResourcesApiQuery(parseMarketplaceQuery(new URLSearchParams()))}`;
const preloadDefaultListings = `if(!location.search){const l=document.createElement("link");l.rel="preload";l.as="fetch";l.crossOrigin="anonymous";l.href=${JSON.stringify(defaultListings)};document.head.appendChild(l)}`;

/** Browse listings: filters, sort and pagination live in the URL. */
export default function MarketplacePage() {
  return (
    <section aria-labelledby="marketplace-title">
      <script dangerouslySetInnerHTML={{ __html: preloadDefaultListings }} />
      <div className="mb-6">
        <h1 id="marketplace-title" className="h1">
          Marketplace
        </h1>
        <p className="muted mt-1 text-sm">
          Compute from staked providers. Pay into escrow by the second; SLAs enforced on-chain.
        </p>
      </div>
      <Suspense fallback={<Loading />}>
        <Marketplace />
      </Suspense>
    </section>
  );
}
