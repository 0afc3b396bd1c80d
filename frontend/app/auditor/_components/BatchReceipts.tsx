"use client";

import Link from "next/link";
import { ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import type { Page } from "@/lib/apiTypes";
import { formatTimestamp, shortHash } from "@/lib/format";

type Row = {
  decisionId: string;
  bookingId: string;
  kind: string;
  instanceId: string;
  algorithm: string;
  timestamp: number;
};

/** A batch's receipts as this node stored them (`GET /receipts/batches/:id/receipts`). */
export function BatchReceipts({ batchId }: { batchId: number }) {
  const query = useApiQuery<Page<Row>>(`/receipts/batches/${batchId}/receipts?limit=50`);
  return (
    <div className="border-t border-zinc-200 p-3 dark:border-zinc-800" data-testid="batch-receipts">
      <h3 className="mb-2 text-sm font-medium">Receipts of batch #{batchId}</h3>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} what="receipts of this batch" />
      ) : (
        <ul className="space-y-1 text-xs">
          {query.data.items.map((r) => (
            <li key={r.decisionId} className="flex flex-wrap gap-3">
              <Link
                href={`/auditor?decision=${r.decisionId}`}
                className="font-mono text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {shortHash(r.decisionId)}
              </Link>
              <span>booking #{r.bookingId}</span>
              <span>{r.kind}</span>
              <span className="font-mono">{r.instanceId}</span>
              <span>{r.algorithm}</span>
              <span className="muted">{formatTimestamp(r.timestamp)}</span>
            </li>
          ))}
          {query.data.total > query.data.items.length ? (
            <li className="muted">… and {query.data.total - query.data.items.length} more</li>
          ) : null}
        </ul>
      )}
    </div>
  );
}
