import { Badge } from "@/components/StateViews";
import { formatTimestamp } from "@/lib/format";
import type { ReceiptToVerify } from "@/lib/receipts/parseReceiptInput";
import type { VerifyOutcome } from "@/lib/receipts/verifySteps";

/** The receipt and each verification step, with the verdict (`data-testid="verify-result"`, `data-valid`). */
export function VerifyResult({ input, outcome }: { input: ReceiptToVerify; outcome: VerifyOutcome | null }) {
  const r = input.receipt;
  return (
    <div className="mt-6 space-y-4">
      <dl className="grid grid-cols-2 gap-3 rounded-lg bg-zinc-50 p-3 text-sm sm:grid-cols-4 dark:bg-zinc-950">
        <div>
          <dt className="muted text-xs">Booking</dt>
          <dd>#{r.bookingId.toString()}</dd>
        </div>
        <div>
          <dt className="muted text-xs">Kind</dt>
          <dd>{r.kind}</dd>
        </div>
        <div>
          <dt className="muted text-xs">Instance / algorithm</dt>
          <dd className="font-mono text-xs">
            {r.instanceId} / {r.algorithm}
          </dd>
        </div>
        <div>
          <dt className="muted text-xs">Time</dt>
          <dd>{formatTimestamp(Number(r.timestamp))}</dd>
        </div>
      </dl>
      {outcome === null ? (
        <p role="status" className="muted text-sm" data-testid="verify-result" data-valid="pending">
          Verifying against the chain…
        </p>
      ) : (
        <>
          <div
            role="status"
            data-testid="verify-result"
            data-valid={outcome.valid ? "true" : "false"}
            className={`rounded-lg border px-4 py-3 font-medium ${
              outcome.valid
                ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200"
                : "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200"
            }`}
          >
            {outcome.valid
              ? "Verified: this decision is in a batch whose root is anchored on-chain."
              : "Not verified: see the failing step below."}
          </div>
          <ol className="space-y-3" aria-label="Verification steps">
            {outcome.steps.map((s, i) => (
              <li
                key={s.id}
                className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
                data-testid={`verify-step-${s.id}`}
                data-ok={s.ok}
              >
                <div className="flex items-center justify-between gap-2">
                  <p className="font-medium">
                    {i + 1}. {s.title}
                  </p>
                  <Badge tone={s.ok ? "green" : "red"}>{s.ok ? "ok" : "failed"}</Badge>
                </div>
                {s.value ? <p className="mono mt-1">{s.value}</p> : null}
                {s.detail ? <p className="muted mt-1 text-xs">{s.detail}</p> : null}
                {s.path && s.path.length > 0 ? (
                  <ol className="mt-2 space-y-1 border-l border-zinc-200 pl-3 dark:border-zinc-800">
                    {s.path.map((p, level) => (
                      <li key={level} className="text-xs">
                        <span className="muted">level {level + 1}: sibling</span>{" "}
                        <span className="font-mono break-all">{p.sibling}</span>
                        <br />
                        <span className="muted">→ node</span> <span className="font-mono break-all">{p.node}</span>
                      </li>
                    ))}
                  </ol>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
