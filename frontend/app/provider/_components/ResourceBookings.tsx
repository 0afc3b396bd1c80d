"use client";

import { resourceMarketplaceAbi } from "@dcx/sdk";
import Link from "next/link";
import { useState } from "react";
import { keccak256, stringToBytes } from "viem";
import { Badge, ErrorState, Loading } from "@/components/StateViews";
import { TxStatus } from "@/components/TxStatus";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useTransactor } from "@/hooks/useTransactor";
import type { Booking, Page } from "@/lib/apiTypes";
import { contractAddress } from "@/lib/contracts";
import { formatDuration, formatTimestamp, formatToken, shortAddress } from "@/lib/format";
import { stateTone } from "@/lib/bookingState";

/** A listing's bookings; requested ones can be activated with the endpoint's hash. */
export function ResourceBookings({ resourceId }: { resourceId: number }) {
  const query = useApiQuery<Page<Booking>>(`/bookings?resourceId=${resourceId}&limit=50`, { refetchInterval: 5_000 });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} what="bookings" />;
  if (query.data.items.length === 0) return <p className="muted mt-4 text-sm">No bookings yet.</p>;
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="data-table">
        <caption className="sr-only">Bookings of resource {resourceId}</caption>
        <thead>
          <tr>
            <th scope="col">Booking</th>
            <th scope="col">Consumer</th>
            <th scope="col">State</th>
            <th scope="col">Duration</th>
            <th scope="col">Amount</th>
            <th scope="col">Earned</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {query.data.items.map((b) => (
            <BookingRow key={b.id} booking={b} onChanged={() => void query.refetch()} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BookingRow({ booking: b, onChanged }: { booking: Booking; onChanged: () => void }) {
  const tx = useTransactor();
  const [endpoint, setEndpoint] = useState("");
  const marketplace = contractAddress("ResourceMarketplace");

  const activate = async () => {
    if (!marketplace) return;
    const url = endpoint.trim() || `https://booking-${b.id}.dcx.local`;
    const ok = await tx.send(`Activate booking #${b.id}`, {
      address: marketplace,
      abi: resourceMarketplaceAbi,
      functionName: "activateBooking",
      args: [BigInt(b.id), keccak256(stringToBytes(url))],
    });
    if (ok) onChanged();
  };

  return (
    <tr data-testid="provider-booking-row" data-booking-id={b.id} data-state={b.state}>
      <td>
        <Link href={`/bookings/${b.id}`} className="font-medium hover:underline">
          #{b.id}
        </Link>
      </td>
      <td className="font-mono text-xs">{shortAddress(b.consumer)}</td>
      <td>
        <Badge tone={stateTone(b.state)}>{b.state}</Badge>
      </td>
      <td>{formatDuration(b.duration)}</td>
      <td>{formatToken(b.amount)}</td>
      <td>{formatToken(b.earned)}</td>
      <td className="min-w-64">
        {b.state === "requested" ? (
          <div className="flex items-center gap-2">
            <label htmlFor={`endpoint-${b.id}`} className="sr-only">
              Endpoint URL of booking {b.id}
            </label>
            <input
              id={`endpoint-${b.id}`}
              className="input"
              placeholder="Endpoint URL (hashed on-chain)"
              value={endpoint}
              onChange={(e) => setEndpoint(e.target.value)}
            />
            <button type="button" className="btn-primary shrink-0" disabled={tx.busy} onClick={() => void activate()}>
              Activate
            </button>
          </div>
        ) : (
          <span className="muted text-xs">
            {b.state === "active" && b.endTime ? `ends ${formatTimestamp(b.endTime)}` : "—"}
          </span>
        )}
        <TxStatus state={tx.state} />
      </td>
    </tr>
  );
}
