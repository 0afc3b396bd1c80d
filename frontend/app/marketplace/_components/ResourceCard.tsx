import Link from "next/link";
import { Badge } from "@/components/StateViews";
import type { Resource } from "@/lib/apiTypes";
import { formatBps, formatCpu, formatMemory, formatPricePerHour, shortAddress } from "@/lib/format";

/** One listing in the marketplace grid. */
export function ResourceCard({ resource: r }: { resource: Resource }) {
  return (
    <Link
      href={`/resources/${r.id}`}
      data-testid="listing-card"
      data-resource-id={r.id}
      className="card block h-full transition hover:border-zinc-400 hover:shadow-md dark:hover:border-zinc-600"
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">{r.region}</p>
          <h2 className="mt-0.5 font-semibold">
            {formatCpu(r.cpuMillicores)} · {formatMemory(r.memoryMb)}
            {r.gpuCount > 0 ? ` · ${r.gpuCount} GPU` : ""}
          </h2>
        </div>
        {r.available ? (
          <Badge tone="green">Available</Badge>
        ) : r.active ? (
          <Badge tone="amber">Full</Badge>
        ) : (
          <Badge>Paused</Badge>
        )}
      </div>
      <p className="mt-4 text-xl font-semibold tracking-tight" data-testid="listing-price">
        {formatPricePerHour(r.pricePerSecond)}
      </p>
      <dl className="mt-4 grid grid-cols-3 gap-2 text-xs">
        <div>
          <dt className="muted">Uptime SLA</dt>
          <dd className="font-medium">{formatBps(r.sla.uptimeTargetBps)}</dd>
        </div>
        <div>
          <dt className="muted">p95 bound</dt>
          <dd className="font-medium">{r.sla.p95LatencyMs} ms</dd>
        </div>
        <div>
          <dt className="muted">Reputation</dt>
          <dd className="font-medium">{formatBps(r.providerReputationBps, 1)}</dd>
        </div>
      </dl>
      <p className="muted mt-4 flex justify-between text-xs">
        <span>
          #{r.id} · {shortAddress(r.provider)}
        </span>
        <span>
          {r.inUse}/{r.capacity} in use
        </span>
      </p>
    </Link>
  );
}
