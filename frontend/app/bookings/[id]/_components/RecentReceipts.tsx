"use client";

import Link from "next/link";
import { Badge, Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import type { Page } from "@/lib/apiTypes";
import { formatTimestamp, shortHash } from "@/lib/format";

type ReceiptSummary = {
  decisionId: string;
  kind: string;
  instanceId: string;
  algorithm: string;
  timestamp: number;
  status: string;
  batchId: number | null;
};

/** The booking's latest scheduling receipts (`GET /receipts?bookingId=`), each linking to its audit. */
export function RecentReceipts({ bookingId }: { bookingId: number }) {
  const query = useApiQuery<Page<ReceiptSummary>>(`/receipts?bookingId=${bookingId}&limit=10`, {
    refetchInterval: 10_000,
  });
  return (
    <section aria-labelledby="receipts-title">
      <h2 id="receipts-title" className="h2 mb-3">
        Recent scheduling receipts
      </h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} what="receipts" />
      ) : query.data.items.length === 0 ? (
        <Empty title="No receipts yet.">Receipts appear as the load balancer and autoscaler make decisions.</Empty>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Decision</th>
                <th scope="col">Kind</th>
                <th scope="col">Instance</th>
                <th scope="col">Algorithm</th>
                <th scope="col">Time</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((r) => (
                <tr key={r.decisionId} data-testid="receipt-row" data-decision-id={r.decisionId}>
                  <td>
                    <Link
                      href={`/auditor?decision=${r.decisionId}`}
                      className="font-mono text-xs text-indigo-600 hover:underline dark:text-indigo-400"
                    >
                      {shortHash(r.decisionId)}
                    </Link>
                  </td>
                  <td>{r.kind}</td>
                  <td className="font-mono text-xs">{r.instanceId}</td>
                  <td>{r.algorithm}</td>
                  <td>{formatTimestamp(r.timestamp)}</td>
                  <td>
                    <Badge tone={r.status === "anchored" ? "green" : "amber"}>
                      {r.status}
                      {r.batchId !== null ? ` · batch ${r.batchId}` : ""}
                    </Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
