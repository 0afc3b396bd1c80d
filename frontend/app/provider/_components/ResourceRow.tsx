"use client";

import { resourceMarketplaceAbi } from "@dcx/sdk";
import { useState } from "react";
import { Badge } from "@/components/StateViews";
import { TxStatus } from "@/components/TxStatus";
import { useTransactor } from "@/hooks/useTransactor";
import type { Resource } from "@/lib/apiTypes";
import { contractAddress } from "@/lib/contracts";
import { formatBps, formatCpu, formatMemory, formatPricePerHour } from "@/lib/format";
import type { ListingArgs, ListingFormValues } from "@/lib/validation/listing";
import { ListingForm } from "./ListingForm";
import { ResourceBookings } from "./ResourceBookings";

/** Form values from a listing as indexed (human units). */
function toFormValues(r: Resource): ListingFormValues {
  const perHour = (BigInt(r.pricePerSecond) * 3600n).toString().padStart(19, "0");
  const price = `${perHour.slice(0, -18).replace(/^0+(?=\d)/, "")}.${perHour.slice(-18)}`.replace(/\.?0+$/, "");
  return {
    region: r.region,
    cpuVcpu: String(r.cpuMillicores / 1000),
    memoryGb: String(r.memoryMb / 1024),
    storageGb: String(r.storageGb),
    gpuCount: String(r.gpuCount),
    capacity: String(r.capacity),
    pricePerHour: price,
    uptimeTargetPercent: String(r.sla.uptimeTargetBps / 100),
    penaltyPercent: String(r.sla.penaltyBps / 100),
    p95LatencyMs: String(r.sla.p95LatencyMs),
    periodMinutes: String(r.sla.periodLength / 60),
  };
}

/** One listing: summary, edit, pause/resume, and its bookings. */
export function ResourceRow({ resource: r, onChanged }: { resource: Resource; onChanged: () => void }) {
  const tx = useTransactor();
  const [editing, setEditing] = useState(false);
  const marketplace = contractAddress("ResourceMarketplace");

  const update = async (args: ListingArgs) => {
    if (!marketplace) return;
    const ok = await tx.send(`Update resource #${r.id}`, {
      address: marketplace,
      abi: resourceMarketplaceAbi,
      functionName: "updateResource",
      args: [BigInt(r.id), args.spec, args.pricePerSecond, args.sla],
    });
    if (ok) {
      setEditing(false);
      onChanged();
    }
  };

  const setActive = async (active: boolean) => {
    if (!marketplace) return;
    const ok = await tx.send(`${active ? "Resume" : "Pause"} resource #${r.id}`, {
      address: marketplace,
      abi: resourceMarketplaceAbi,
      functionName: "setResourceActive",
      args: [BigInt(r.id), active],
    });
    if (ok) onChanged();
  };

  return (
    <article className="card" data-testid="my-resource" data-resource-id={r.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold">
            #{r.id} · {r.region} · {formatCpu(r.cpuMillicores)} · {formatMemory(r.memoryMb)}
            {r.gpuCount ? ` · ${r.gpuCount} GPU` : ""}
          </h3>
          <p className="muted mt-1 text-sm">
            {formatPricePerHour(r.pricePerSecond)} · uptime {formatBps(r.sla.uptimeTargetBps)} · p95 ≤{" "}
            {r.sla.p95LatencyMs} ms · {r.inUse}/{r.capacity} in use
          </p>
        </div>
        <div className="flex items-center gap-2">
          {r.active ? <Badge tone="green">Active</Badge> : <Badge>Paused</Badge>}
          <button type="button" className="btn-secondary" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
            {editing ? "Close" : "Edit"}
          </button>
          <button type="button" className="btn-secondary" disabled={tx.busy} onClick={() => void setActive(!r.active)}>
            {r.active ? "Pause" : "Resume"}
          </button>
        </div>
      </div>
      {editing ? (
        <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <ListingForm
            idPrefix={`edit-${r.id}`}
            initial={toFormValues(r)}
            submitLabel="Save changes"
            busy={tx.busy}
            onSubmit={(args) => void update(args)}
          />
        </div>
      ) : null}
      <TxStatus state={tx.state} />
      <ResourceBookings resourceId={r.id} />
    </article>
  );
}
