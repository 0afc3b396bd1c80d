"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { isAddress } from "viem";

/** Jump to a provider's on-chain record by address. */
export function ProviderLookup() {
  const router = useRouter();
  const [address, setAddress] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a = address.trim();
    if (!isAddress(a, { strict: false })) {
      setError("Enter a 20-byte address (0x + 40 hex digits).");
      return;
    }
    router.push(`/auditor/providers/${a.toLowerCase()}`);
  };
  return (
    <section className="card" aria-labelledby="lookup-title">
      <h2 id="lookup-title" className="h2">
        Provider record
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 flex flex-wrap items-end gap-3">
        <div className="min-w-72 flex-1">
          <label htmlFor="provider-address" className="label">
            Provider address
          </label>
          <input
            id="provider-address"
            className="input font-mono"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
          />
        </div>
        <button type="submit" className="btn-secondary">
          Open record
        </button>
      </form>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
