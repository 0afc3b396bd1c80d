"use client";

import { dcxTokenAbi, escrowManagerAbi, resourceMarketplaceAbi } from "@dcx/sdk";
import { type FormEvent, useState } from "react";
import { useConnection, useReadContract } from "wagmi";
import { TxStatus } from "@/components/TxStatus";
import { useTokenState } from "@/hooks/useTokenState";
import { useTransactor } from "@/hooks/useTransactor";
import type { BookingDetail } from "@/lib/apiTypes";
import { consumerActions } from "@/lib/bookingState";
import { contractAddress } from "@/lib/contracts";
import { formatToken } from "@/lib/format";
import { type DurationUnit, durationUnits, validateBooking } from "@/lib/validation/booking";

/** Extend, cancel (with the refund it would pay now), reclaim an expired booking, complete an ended one. */
export function BookingActions({
  booking: b,
  isConsumer,
  onChanged,
}: {
  booking: BookingDetail;
  isConsumer: boolean;
  onChanged: () => void;
}) {
  const { address } = useConnection();
  const marketplace = contractAddress("ResourceMarketplace");
  const escrow = contractAddress("EscrowManager");
  const { token, balance, allowance, refetch } = useTokenState(address, escrow);
  const allowed = consumerActions(b.state);
  const refundable = useReadContract({
    address: escrow,
    abi: escrowManagerAbi,
    functionName: "refundable",
    args: [BigInt(b.id)],
    query: { enabled: Boolean(escrow) && allowed.cancel && isConsumer, refetchInterval: 5_000 },
  });
  const tx = useTransactor();
  const [amount, setAmount] = useState("1");
  const [unit, setUnit] = useState<DurationUnit>("hours");
  const [confirmCancel, setConfirmCancel] = useState(false);
  const check = validateBooking({ amount, unit, pricePerSecond: BigInt(b.pricePerSecond), balance });

  const done = (ok: unknown) => {
    if (ok) {
      onChanged();
      void refetch();
      void refundable.refetch();
    }
  };

  const extend = async (e: FormEvent) => {
    e.preventDefault();
    if (!check.ok || !marketplace || !escrow || !token) return;
    if ((allowance ?? 0n) < check.cost) {
      const ok = await tx.send("Approve DCX for the extension", {
        address: token,
        abi: dcxTokenAbi,
        functionName: "approve",
        args: [escrow, check.cost],
      });
      if (!ok) return;
    }
    done(
      await tx.send(`Extend booking #${b.id}`, {
        address: marketplace,
        abi: resourceMarketplaceAbi,
        functionName: "extendBooking",
        args: [BigInt(b.id), BigInt(check.durationSeconds)],
      }),
    );
  };

  const call = async (label: string, functionName: "cancelBooking" | "reclaimBooking" | "completeBooking") => {
    if (!marketplace) return;
    setConfirmCancel(false);
    done(
      await tx.send(label, { address: marketplace, abi: resourceMarketplaceAbi, functionName, args: [BigInt(b.id)] }),
    );
  };

  return (
    <section className="card" aria-labelledby="actions-title" data-testid="booking-actions">
      <h2 id="actions-title" className="h2">
        Actions
      </h2>
      <div className="mt-4 grid gap-6 md:grid-cols-2">
        {isConsumer && allowed.extend ? (
          <form onSubmit={extend} noValidate aria-label="Extend booking" className="space-y-2">
            <h3 className="font-medium">Extend</h3>
            <div className="flex gap-2">
              <div className="flex-1">
                <label htmlFor="extend-amount" className="label">
                  Extra time
                </label>
                <input
                  id="extend-amount"
                  className="input"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                />
              </div>
              <div>
                <label htmlFor="extend-unit" className="label">
                  Unit
                </label>
                <select
                  id="extend-unit"
                  className="input"
                  value={unit}
                  onChange={(e) => setUnit(e.target.value as DurationUnit)}
                >
                  {Object.keys(durationUnits).map((u) => (
                    <option key={u}>{u}</option>
                  ))}
                </select>
              </div>
            </div>
            {check.error ? (
              <p role="alert" className="field-error">
                {check.error}
              </p>
            ) : (
              <p className="muted text-sm" data-testid="extend-cost">
                Costs {formatToken(check.cost)}
              </p>
            )}
            <button type="submit" className="btn-secondary" disabled={tx.busy || !check.ok}>
              Extend
            </button>
          </form>
        ) : null}

        {isConsumer && allowed.cancel ? (
          <div className="space-y-2">
            <h3 className="font-medium">Cancel</h3>
            <p className="text-sm" data-testid="refund-preview">
              Refund if cancelled now:{" "}
              <strong>{refundable.data !== undefined ? formatToken(refundable.data) : "…"}</strong>
              <span className="muted"> (the unearned part; grows smaller every second once active)</span>
            </p>
            {confirmCancel ? (
              <div className="flex gap-2">
                <button
                  type="button"
                  className="btn-danger"
                  disabled={tx.busy}
                  onClick={() => void call(`Cancel booking #${b.id}`, "cancelBooking")}
                >
                  Confirm cancel
                </button>
                <button type="button" className="btn-secondary" onClick={() => setConfirmCancel(false)}>
                  Keep booking
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="btn-secondary"
                onClick={() => setConfirmCancel(true)}
                data-testid="cancel-booking"
              >
                Cancel booking…
              </button>
            )}
          </div>
        ) : null}

        {allowed.reclaim ? (
          <div className="space-y-2">
            <h3 className="font-medium">Reclaim</h3>
            <p className="muted text-sm">
              The provider never activated this booking before its deadline: the whole payment returns to the consumer.
            </p>
            <button
              type="button"
              className="btn-primary"
              disabled={tx.busy}
              onClick={() => void call(`Reclaim booking #${b.id}`, "reclaimBooking")}
              data-testid="reclaim-booking"
            >
              Reclaim {formatToken(b.amount)}
            </button>
          </div>
        ) : null}

        {allowed.complete ? (
          <div className="space-y-2">
            <h3 className="font-medium">Complete</h3>
            <p className="muted text-sm">The booking has ended; completing it frees the provider&apos;s capacity.</p>
            <button
              type="button"
              className="btn-secondary"
              disabled={tx.busy}
              onClick={() => void call(`Complete booking #${b.id}`, "completeBooking")}
            >
              Complete
            </button>
          </div>
        ) : null}

        {!allowed.extend && !allowed.cancel && !allowed.reclaim && !allowed.complete ? (
          <p className="muted text-sm">No actions in state “{b.state}”.</p>
        ) : null}
      </div>
      <TxStatus state={tx.state} />
    </section>
  );
}
