import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@/components/StateViews";
import { Batches } from "./_components/Batches";
import { ProviderLookup } from "./_components/ProviderLookup";
import { ReceiptVerifier } from "./_components/ReceiptVerifier";

export const metadata: Metadata = { title: "Auditor" };

/** Verify scheduling receipts against the chain, browse anchored batches, look up providers. No wallet needed. */
export default function AuditorPage() {
  return (
    <section aria-labelledby="auditor-title" className="space-y-8">
      <div>
        <h1 id="auditor-title" className="h1">
          Auditor
        </h1>
        <p className="muted mt-1 text-sm">
          Check what the network decided without trusting it: every scheduling receipt is proven against a Merkle root
          anchored on-chain. No wallet needed.
        </p>
      </div>
      <Suspense fallback={<Loading />}>
        <ReceiptVerifier />
      </Suspense>
      <ProviderLookup />
      <Batches />
    </section>
  );
}
