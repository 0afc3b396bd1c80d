"use client";

import { resourceMarketplaceAbi } from "@dcx/sdk";
import { useState } from "react";
import { TxStatus } from "@/components/TxStatus";
import { useTransactor } from "@/hooks/useTransactor";
import { contractAddress } from "@/lib/contracts";
import { emptyListingForm, type ListingArgs } from "@/lib/validation/listing";
import { ListingForm } from "./ListingForm";

/** List a new resource (`listResource`). */
export function CreateListing({ onListed }: { onListed: () => void }) {
  const tx = useTransactor();
  const [formKey, setFormKey] = useState(0);
  const marketplace = contractAddress("ResourceMarketplace");

  const list = async (args: ListingArgs) => {
    if (!marketplace) return;
    const receipt = await tx.send("List resource", {
      address: marketplace,
      abi: resourceMarketplaceAbi,
      functionName: "listResource",
      args: [args.spec, args.pricePerSecond, args.sla],
    });
    if (receipt) {
      setFormKey((k) => k + 1);
      onListed();
    }
  };

  return (
    <section className="card" aria-labelledby="list-title">
      <h2 id="list-title" className="h2">
        List a resource
      </h2>
      <p className="muted mb-4 mt-1 text-sm">
        Specs and SLA terms are checked as the contract checks them. Once booked, SLA terms can only get stricter.
      </p>
      <ListingForm
        key={formKey}
        idPrefix="listing"
        initial={emptyListingForm}
        submitLabel="List resource"
        busy={tx.busy}
        onSubmit={list}
      />
      <TxStatus state={tx.state} />
    </section>
  );
}
