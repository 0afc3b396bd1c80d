"use client";

import { dcxTokenAbi, resourceMarketplaceAbi } from "@dcx/sdk";
import { type FormEvent, useState } from "react";
import { formatUnits, parseUnits } from "viem";
import { useConnection, useReadContract } from "wagmi";
import { TxStatus } from "@/components/TxStatus";
import { useTokenState } from "@/hooks/useTokenState";
import { useTransactor } from "@/hooks/useTransactor";
import { contractAddress } from "@/lib/contracts";
import { formatToken, tokenDecimals } from "@/lib/format";

/** Register as a provider: approve the marketplace for the stake, then `registerProvider`. */
export function RegisterCard({ onRegistered }: { onRegistered: () => void }) {
  const { address } = useConnection();
  const marketplace = contractAddress("ResourceMarketplace");
  const { token, balance, allowance, refetch } = useTokenState(address, marketplace);
  const minStake = useReadContract({ address: marketplace, abi: resourceMarketplaceAbi, functionName: "minStake" });
  const tx = useTransactor();
  const [stake, setStake] = useState("");
  const [metadata, setMetadata] = useState("");
  const [error, setError] = useState<string | null>(null);

  const defaultStake = minStake.data !== undefined ? formatUnits(minStake.data, tokenDecimals) : "";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let amount: bigint;
    try {
      amount = parseUnits((stake || defaultStake).trim(), tokenDecimals);
    } catch {
      setError("Enter the stake in DCX.");
      return;
    }
    if (minStake.data !== undefined && amount < minStake.data) {
      setError(`The stake must be at least ${formatToken(minStake.data)}.`);
      return;
    }
    if (balance !== undefined && amount > balance) {
      setError(`Your balance is ${formatToken(balance)}.`);
      return;
    }
    setError(null);
    if (!marketplace || !token) return;
    if ((allowance ?? 0n) < amount) {
      const ok = await tx.send("Approve DCX for the marketplace", {
        address: token,
        abi: dcxTokenAbi,
        functionName: "approve",
        args: [marketplace, amount],
      });
      if (!ok) return;
    }
    const receipt = await tx.send("Register as provider", {
      address: marketplace,
      abi: resourceMarketplaceAbi,
      functionName: "registerProvider",
      args: [amount, metadata.trim()],
    });
    void refetch();
    if (receipt) onRegistered();
  };

  return (
    <section className="card mt-6 max-w-xl" aria-labelledby="register-title" data-testid="register-card">
      <h2 id="register-title" className="h2">
        Register as a provider
      </h2>
      <p className="muted mt-1 text-sm">
        Your stake backs your SLAs: violations can slash it. Minimum{" "}
        {minStake.data !== undefined ? formatToken(minStake.data) : "…"}; your balance{" "}
        {balance !== undefined ? formatToken(balance) : "…"}.
      </p>
      <form onSubmit={submit} noValidate className="mt-4 space-y-3">
        <div>
          <label htmlFor="reg-stake" className="label">
            Stake (DCX)
          </label>
          <input
            id="reg-stake"
            className="input"
            inputMode="decimal"
            placeholder={defaultStake}
            value={stake}
            onChange={(e) => setStake(e.target.value)}
            aria-invalid={Boolean(error)}
          />
        </div>
        <div>
          <label htmlFor="reg-meta" className="label">
            Metadata URI (optional)
          </label>
          <input id="reg-meta" className="input" value={metadata} onChange={(e) => setMetadata(e.target.value)} />
        </div>
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="btn-primary" disabled={tx.busy} data-testid="register-submit">
          Approve and register
        </button>
        <TxStatus state={tx.state} />
      </form>
    </section>
  );
}
