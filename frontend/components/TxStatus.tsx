import type { TxState } from "@/hooks/useTransactor";
import { shortHash } from "@/lib/format";

/**
 * A transaction's state for people and tests: `role="status"`, `data-testid="tx-status"`,
 * `data-status` = pending | confirmed | failed; a failure shows the decoded custom error.
 */
export function TxStatus({ state }: { state: TxState }) {
  if (state.status === "idle") return null;
  const tone = {
    pending:
      "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200",
    confirmed:
      "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200",
    failed: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200",
  }[state.status];
  const title = { pending: "Pending", confirmed: "Confirmed", failed: "Failed" }[state.status];
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="tx-status"
      data-status={state.status}
      className={`mt-3 rounded-lg border px-3 py-2 text-sm ${tone}`}
    >
      <p>
        <span className="font-semibold">{title}</span> · {state.label}
        {state.status === "pending" && !state.hash ? " — waiting for the wallet…" : null}
      </p>
      {"hash" in state && state.hash ? <p className="mono mt-1 opacity-80">tx {shortHash(state.hash, 10)}</p> : null}
      {state.status === "failed" ? (
        <p className="mt-1" data-testid="tx-error" data-error-name={state.error.errorName ?? ""}>
          {state.error.errorName ? (
            <>
              Reverted: <code className="font-mono font-semibold">{state.error.errorName}</code>
              {state.error.args && state.error.args.length > 0 ? (
                <code className="font-mono">({state.error.args.join(", ")})</code>
              ) : null}
            </>
          ) : (
            state.error.message
          )}
        </p>
      ) : null}
    </div>
  );
}
