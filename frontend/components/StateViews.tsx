import type { ReactNode } from "react";
import { ApiError } from "@/lib/api";

/** Skeleton lines while a list or detail loads. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="loading" className="space-y-2 py-4">
      <span className="sr-only">{label}</span>
      {[0, 1, 2].map((i) => (
        <div
          key={i}
          className="h-4 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800"
          style={{ width: `${90 - i * 20}%` }}
        />
      ))}
    </div>
  );
}

/** Nothing to show, and why. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div
      data-testid="empty"
      className="rounded-xl border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700"
    >
      <p className="font-medium">{title}</p>
      {children ? <div className="muted mt-1 text-sm">{children}</div> : null}
    </div>
  );
}

/** A failed load, with a retry. A 404 from a route the backend does not serve yet reads as "not available yet". */
export function ErrorState({ error, onRetry, what = "data" }: { error: Error; onRetry?: () => void; what?: string }) {
  const notYet = error instanceof ApiError && error.status === 404;
  return (
    <div
      role="alert"
      data-testid="error"
      className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
    >
      <p className="font-medium">{notYet ? `No ${what} available yet.` : `Could not load ${what}.`}</p>
      <p className="mt-1 opacity-80">{error.message}</p>
      {onRetry && !notYet ? (
        <button type="button" className="btn-secondary mt-3" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Small label with a tone. */
export function Badge({
  children,
  tone = "neutral",
  testId,
}: {
  children: ReactNode;
  tone?: "neutral" | "green" | "amber" | "red" | "blue";
  testId?: string;
}) {
  const tones = {
    neutral: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
    green: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
    amber: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
    red: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300",
    blue: "bg-indigo-100 text-indigo-800 dark:bg-indigo-900/40 dark:text-indigo-300",
  };
  return (
    <span
      data-testid={testId}
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

/** A label/value pair in a definition list. */
export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="muted text-xs">{label}</dt>
      <dd className="mt-0.5 font-medium" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
