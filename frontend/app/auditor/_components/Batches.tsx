"use client";

import Link from "next/link";
import { useState } from "react";
import { Empty, ErrorState, Loading } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import type { Page, ReceiptBatchRow } from "@/lib/apiTypes";
import { formatTimestamp, shortAddress, shortHash } from "@/lib/format";
import { BatchReceipts } from "./BatchReceipts";

/** Anchored receipt batches, newest first (`GET /receipts/batches`); open one to list its receipts. */
export function Batches() {
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const query = useApiQuery<Page<ReceiptBatchRow>>(`/receipts/batches?page=${page}&limit=20`, {
    refetchInterval: 10_000,
    placeholderData: (p) => p,
  });
  return (
    <section aria-labelledby="batches-title">
      <h2 id="batches-title" className="h2 mb-3">
        Anchored batches
      </h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} what="batches" />
      ) : query.data.items.length === 0 ? (
        <Empty title="No batches anchored yet." />
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Batch</th>
                <th scope="col">Root</th>
                <th scope="col">Receipts</th>
                <th scope="col">Provider</th>
                <th scope="col">Anchored</th>
                <th scope="col">Tx</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((b) => (
                <tr key={b.id} data-testid="batch-row" data-batch-id={b.id}>
                  <td>#{b.id}</td>
                  <td className="font-mono text-xs">{shortHash(b.root)}</td>
                  <td>{b.count}</td>
                  <td>
                    <Link href={`/auditor/providers/${b.provider}`} className="font-mono text-xs hover:underline">
                      {shortAddress(b.provider)}
                    </Link>
                  </td>
                  <td>{formatTimestamp(b.anchoredAt)}</td>
                  <td className="font-mono text-xs">{shortHash(b.transactionHash)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn-secondary"
                      aria-expanded={open === b.id}
                      onClick={() => setOpen(open === b.id ? null : b.id)}
                    >
                      {open === b.id ? "Hide" : "Receipts"}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {open !== null ? <BatchReceipts batchId={open} /> : null}
          <nav aria-label="Batch pages" className="flex items-center justify-between p-3 text-sm">
            <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span className="muted">
              Page {page} of {Math.max(1, Math.ceil(query.data.total / 20))}
            </span>
            <button
              type="button"
              className="btn-secondary"
              disabled={page * 20 >= query.data.total}
              onClick={() => setPage(page + 1)}
            >
              Next
            </button>
          </nav>
        </div>
      )}
    </section>
  );
}
