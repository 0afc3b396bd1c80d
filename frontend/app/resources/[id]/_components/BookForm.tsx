"use client";

import { resourceMarketplaceAbi, dcxTokenAbi } from "@dcx/sdk";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { parseEventLogs } from "viem";
import { useConfig, useConnection, useReadContract } from "wagmi";
import { TxStatus } from "@/components/TxStatus";
import { RequireWallet } from "@/components/wallet/RequireWallet";
import { useTokenState } from "@/hooks/useTokenState";
import { useTransactor } from "@/hooks/useTransactor";
import type { Resource } from "@/lib/apiTypes";
import { appChain } from "@/lib/chain";
import { contractAddress } from "@/lib/contracts";
import { formatDuration, formatToken } from "@/lib/format";
import { signPermit } from "@/lib/permit";
import { type DurationUnit, durationUnits, validateBooking } from "@/lib/validation/booking";

/** Book a resource: duration, cost preview, then permit + book (one transaction) or approve + book. */
export function BookForm({ resource, onBooked }: { resource: Resource; onBooked?: () => void }) {
  return (
    <RequireWallet what="book">
      <BookFormInner resource={resource} onBooked={onBooked} />
    </RequireWallet>
  );
}

function BookFormInner({ resource, onBooked }: { resource: Resource; onBooked?: () => void }) {
  const wagmiConfig = useConfig();
  const { address } = useConnection();
  const marketplace = contractAddress("ResourceMarketplace");
  const escrow = contractAddress("EscrowManager");
  const { token, balance, allowance, refetch } = useTokenState(address, escrow);
  const maxDuration = useReadContract({
    address: marketplace,
    abi: resourceMarketplaceAbi,
    functionName: "maxBookingDuration",
    query: { enabled: Boolean(marketplace) },
  });
  const tx = useTransactor();
  const [amount, setAmount] = useState("1");
  const [unit, setUnit] = useState<DurationUnit>("hours");
  const [method, setMethod] = useState<"permit" | "approve">("permit");
  const [touched, setTouched] = useState(false);
  const [bookingId, setBookingId] = useState<bigint | null>(null);

  const pricePerSecond = BigInt(resource.pricePerSecond);
  const check = validateBooking({
    amount,
    unit,
    pricePerSecond,
    maxDurationSeconds: maxDuration.data !== undefined ? Number(maxDuration.data) : undefined,
    balance,
  });
  const isOwn = address?.toLowerCase() === resource.provider.toLowerCase();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!check.ok || !address || !marketplace || !escrow || !token) return;
    const duration = BigInt(check.durationSeconds);
    let receipt;
    if (method === "permit") {
      let permit;
      try {
        permit = await signPermit(wagmiConfig, {
          token,
          owner: address,
          spender: escrow,
          value: check.cost,
          chainId: appChain.id,
        });
      } catch (error) {
        tx.fail("Sign the permit", error);
        return;
      }
      receipt = await tx.send("Book with permit", {
        address: marketplace,
        abi: resourceMarketplaceAbi,
        functionName: "bookWithPermit",
        args: [BigInt(resource.id), duration, pricePerSecond, permit.deadline, permit.v, permit.r, permit.s],
      });
    } else {
      if ((allowance ?? 0n) < check.cost) {
        const approved = await tx.send("Approve DCX for the escrow", {
          address: token,
          abi: dcxTokenAbi,
          functionName: "approve",
          args: [escrow, check.cost],
        });
        if (!approved) return;
      }
      receipt = await tx.send("Book", {
        address: marketplace,
        abi: resourceMarketplaceAbi,
        functionName: "book",
        args: [BigInt(resource.id), duration, pricePerSecond],
      });
    }
    if (!receipt) return;
    const [created] = parseEventLogs({ abi: resourceMarketplaceAbi, eventName: "BookingCreated", logs: receipt.logs });
    if (created) setBookingId(created.args.bookingId);
    void refetch();
    onBooked?.();
  };

  const error = touched || amount !== "1" ? check.error : undefined;
  return (
    <form
      onSubmit={submit}
      noValidate
      className="mt-4 space-y-4"
      aria-label="Book this resource"
      data-testid="book-form"
    >
      {!resource.available ? (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-300">
          This resource is not taking bookings right now.
        </p>
      ) : null}
      {isOwn ? <p className="muted text-sm">This is your own listing.</p> : null}
      <div className="flex gap-2">
        <div className="flex-1">
          <label htmlFor="book-duration" className="label">
            Duration
          </label>
          <input
            id="book-duration"
            className="input"
            inputMode="decimal"
            value={amount}
            aria-invalid={Boolean(error)}
            aria-describedby={error ? "book-error" : undefined}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="book-unit" className="label">
            Unit
          </label>
          <select
            id="book-unit"
            className="input"
            value={unit}
            onChange={(e) => setUnit(e.target.value as DurationUnit)}
          >
            {Object.keys(durationUnits).map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error ? (
        <p id="book-error" role="alert" className="field-error" data-testid="book-error">
          {error}
        </p>
      ) : null}

      <dl className="space-y-1 rounded-lg bg-zinc-50 p-3 text-sm dark:bg-zinc-950" data-testid="cost-preview">
        <div className="flex justify-between">
          <dt className="muted">Duration</dt>
          <dd>{check.durationSeconds ? formatDuration(check.durationSeconds) : "—"}</dd>
        </div>
        <div className="flex justify-between font-medium">
          <dt>Total into escrow</dt>
          <dd data-testid="booking-cost">{check.cost !== undefined ? formatToken(check.cost) : "—"}</dd>
        </div>
        <div className="flex justify-between">
          <dt className="muted">Your balance</dt>
          <dd>{balance !== undefined ? formatToken(balance) : "…"}</dd>
        </div>
      </dl>

      <fieldset>
        <legend className="label">Payment</legend>
        <div className="space-y-1 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="pay" checked={method === "permit"} onChange={() => setMethod("permit")} />
            Permit + book (one transaction)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="pay" checked={method === "approve"} onChange={() => setMethod("approve")} />
            Approve + book (two transactions)
          </label>
        </div>
      </fieldset>

      <button
        type="submit"
        className="btn-primary w-full"
        disabled={tx.busy || !resource.available}
        data-testid="book-submit"
      >
        {tx.busy ? "Booking…" : "Book now"}
      </button>
      <TxStatus state={tx.state} />
      {bookingId !== null ? (
        <p className="text-sm">
          <Link
            href={`/bookings/${bookingId}`}
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            data-testid="booked-link"
          >
            Booking #{bookingId.toString()} created — open it →
          </Link>
        </p>
      ) : null}
    </form>
  );
}
