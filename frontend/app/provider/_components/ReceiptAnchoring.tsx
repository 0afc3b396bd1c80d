"use client";

import { receiptRegistryAbi } from "@dcx/sdk";
import type { Address } from "viem";
import { Badge, ErrorState, Loading } from "@/components/StateViews";
import { TxStatus } from "@/components/TxStatus";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useTransactor } from "@/hooks/useTransactor";
import type { ReceiptScheduler, UnanchoredReport } from "@/lib/apiTypes";
import { contractAddress } from "@/lib/contracts";
import { shortAddress } from "@/lib/format";
import { anchoringStatus } from "@/lib/receipts/anchoringStatus";

/**
 * Receipt anchoring: the node anchors a provider's scheduling receipts only with a scheduler key the
 * provider authorized on the ReceiptRegistry; until then they are stored but never anchored, so
 * auditors cannot verify them. Shows whether one of the node's keys serves this provider, offers to
 * authorize a free one (`authorizeScheduler`) or revoke the authorized one (`revokeScheduler`).
 */
export function ReceiptAnchoring({ provider }: { provider: string }) {
  const registry = contractAddress("ReceiptRegistry");
  const schedulers = useApiQuery<ReceiptScheduler[]>("/receipts/schedulers", { refetchInterval: 10_000 });
  const unanchored = useApiQuery<UnanchoredReport[]>("/receipts/unanchored", { refetchInterval: 10_000 });
  const tx = useTransactor();

  const waiting = unanchored.data?.find((r) => r.provider.toLowerCase() === provider.toLowerCase());
  const status = schedulers.data ? anchoringStatus(schedulers.data, provider) : undefined;

  const write = async (functionName: "authorizeScheduler" | "revokeScheduler", scheduler: string) => {
    if (!registry) return;
    const label = `${functionName === "authorizeScheduler" ? "Authorize" : "Revoke"} scheduler ${shortAddress(scheduler)}`;
    const ok = await tx.send(label, {
      address: registry,
      abi: receiptRegistryAbi,
      functionName,
      args: [scheduler as Address],
    });
    if (ok) {
      void schedulers.refetch();
      void unanchored.refetch();
    }
  };

  return (
    <section
      className="card"
      aria-labelledby="anchoring-title"
      data-testid="receipt-anchoring"
      data-anchoring={status?.kind ?? "loading"}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="anchoring-title" className="h2">
          Receipt anchoring
        </h2>
        {status?.kind === "authorized" ? (
          <Badge tone="green" testId="anchoring-badge">
            Anchoring
          </Badge>
        ) : status ? (
          <Badge tone="amber" testId="anchoring-badge">
            Not anchored
          </Badge>
        ) : null}
      </div>
      <p className="muted mt-1 text-sm">
        Every routing, placement and scaling decision of your bookings is a receipt. The node anchors their Merkle roots
        on-chain with a scheduler key you authorize, so auditors can verify them.
      </p>
      {schedulers.isPending ? (
        <Loading label="Loading the node's scheduler keys…" />
      ) : schedulers.isError ? (
        <ErrorState error={schedulers.error} onRetry={() => void schedulers.refetch()} what="scheduler keys" />
      ) : status?.kind === "authorized" ? (
        <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm" data-testid="anchoring-scheduler">
            Scheduler <span className="mono">{shortAddress(status.scheduler)}</span> anchors your receipts.
          </p>
          <button
            type="button"
            className="btn-secondary"
            disabled={tx.busy || !registry}
            onClick={() => void write("revokeScheduler", status.scheduler)}
            data-testid="revoke-scheduler"
          >
            Revoke
          </button>
        </div>
      ) : status?.kind === "available" ? (
        <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">
            None of this node&apos;s scheduler keys is authorized for you: your receipts are stored but not anchored.
          </p>
          <button
            type="button"
            className="btn-primary"
            disabled={tx.busy || !registry}
            onClick={() => void write("authorizeScheduler", status.scheduler)}
            data-testid="authorize-scheduler"
          >
            Authorize scheduler {shortAddress(status.scheduler)}
          </button>
        </div>
      ) : status?.kind === "taken" ? (
        <p className="mt-4 text-sm" role="note">
          Every scheduler key of this node already anchors for another provider (a key serves one provider). Add a key
          to the node&apos;s <code className="font-mono">RECEIPTS_SCHEDULER_KEYS</code> and restart it.
        </p>
      ) : (
        <p className="mt-4 text-sm" role="note">
          This node has no scheduler key: set <code className="font-mono">RECEIPTS_SCHEDULER_KEYS</code> on the node,
          then authorize one here.
        </p>
      )}
      {!registry ? <p className="field-error mt-2">No ReceiptRegistry deployment on this chain.</p> : null}
      {waiting && status?.kind !== "authorized" ? (
        <p className="muted mt-2 text-sm" data-testid="anchoring-waiting">
          {waiting.receipts} receipt{waiting.receipts === 1 ? "" : "s"} in {waiting.batches} batch
          {waiting.batches === 1 ? "" : "es"} wait to be anchored.
        </p>
      ) : null}
      <TxStatus state={tx.state} />
    </section>
  );
}
