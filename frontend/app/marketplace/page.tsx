import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@/components/StateViews";
import { Marketplace } from "./_components/Marketplace";

export const metadata: Metadata = { title: "Marketplace" };

/** Browse listings: filters, sort and pagination live in the URL. */
export default function MarketplacePage() {
  return (
    <section aria-labelledby="marketplace-title">
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
