"use client";

import { escrowManagerAbi } from "@dcx/sdk";
import { useReadContracts } from "wagmi";
import { Stat } from "@/components/StateViews";
import { TxStatus } from "@/components/TxStatus";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useTransactor } from "@/hooks/useTransactor";
import type { Booking, Page, Provider } from "@/lib/apiTypes";
import { contractAddress } from "@/lib/contracts";
import { formatToken } from "@/lib/format";

/** Earnings accrued vs withdrawn, and a withdraw of everything withdrawable now (`withdrawMany`). */
export function Earnings({ provider }: { provider: Provider }) {
  const escrow = contractAddress("EscrowManager");
  const bookings = useApiQuery<Page<Booking>>(`/bookings?provider=${provider.address}&limit=100`, {
    refetchInterval: 5_000,
  });
  const ids = (bookings.data?.items ?? [])
    .filter((b) => b.startTime !== null && b.state !== "reclaimed")
    .map((b) => BigInt(b.id));
  const withdrawable = useReadContracts({
    contracts: escrow
      ? ids.map((id) => ({ address: escrow, abi: escrowManagerAbi, functionName: "withdrawable", args: [id] }) as const)
      : [],
    query: { enabled: Boolean(escrow) && ids.length > 0, refetchInterval: 5_000 },
  });
  const amounts = ids.map((id, i) => {
    const r = withdrawable.data?.[i];
    return { id, amount: r?.status === "success" ? (r.result as bigint) : 0n };
  });
  const ready = amounts.filter((a) => a.amount > 0n);
  const total = ready.reduce((s, a) => s + a.amount, 0n);
  const tx = useTransactor();

  const withdraw = async () => {
    if (!escrow || ready.length === 0) return;
    const ok = await tx.send(`Withdraw from ${ready.length} booking${ready.length === 1 ? "" : "s"}`, {
      address: escrow,
      abi: escrowManagerAbi,
      functionName: "withdrawMany",
      args: [ready.map((a) => a.id)],
    });
    if (ok) {
      void withdrawable.refetch();
      void bookings.refetch();
    }
  };

  return (
    <section className="card" aria-labelledby="earnings-title" data-testid="earnings">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="earnings-title" className="h2">
          Earnings
        </h2>
        <button
          type="button"
          className="btn-primary"
          disabled={tx.busy || total === 0n}
          onClick={() => void withdraw()}
          data-testid="withdraw"
        >
          Withdraw {formatToken(total)}
        </button>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Accrued (earned so far)" value={formatToken(provider.bookings.earned)} testId="earned" />
        <Stat label="Withdrawn (net of fees)" value={formatToken(provider.earningsWithdrawn)} testId="withdrawn" />
        <Stat label="Withdrawable now" value={formatToken(total)} testId="withdrawable" />
        <Stat label="Penalties paid" value={formatToken(provider.bookings.penalized)} />
      </dl>
      <TxStatus state={tx.state} />
    </section>
  );
}
