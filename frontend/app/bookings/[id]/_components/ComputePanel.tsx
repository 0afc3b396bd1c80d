"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Badge, Empty, ErrorState, Loading, Stat } from "@/components/StateViews";
import { useApiQuery } from "@/hooks/useApiQuery";
import { useRealtime } from "@/hooks/useRealtime";
import { useSession } from "@/hooks/useSession";
import { apiFetch, ApiError } from "@/lib/api";
import {
  type BookingAccess,
  type BookingDetail,
  type ComputeView,
  lbAlgorithms,
  type LbSnapshot,
} from "@/lib/apiTypes";
import { type StatsPoint, toStatsPoint } from "@/lib/computeStats";
import { ScalerCard } from "./ScalerCard";

const LiveCharts = dynamic(() => import("@/components/charts/LiveCharts"), {
  ssr: false,
  loading: () => <Loading label="Loading charts…" />,
});

const maxPoints = 120;

/**
 * The private side of a booking for its consumer and provider (a SIWE session): endpoint and instances
 * (`/access`), the compute plane's view (`/compute`: load balancer, algorithm, scaler) and live
 * throughput/latency from the `booking:<id>` room's `compute.stats`. Connected but not signed in (or
 * with an expired session), it says why it is empty and offers the sign-in where the data would be.
 */
export function ComputePanel({ booking, isParty }: { booking: BookingDetail; isParty: boolean }) {
  const { session, status, error, signIn } = useSession();
  const token = session?.token ?? null;
  const base = `/bookings/${booking.id}`;
  const access = useApiQuery<BookingAccess>(token && isParty ? `${base}/access` : null, {
    token,
    refetchInterval: 10_000,
  });
  const compute = useApiQuery<ComputeView>(token && isParty ? `${base}/compute` : null, {
    token,
    refetchInterval: 5_000,
  });
  const [points, setPoints] = useState<StatsPoint[]>([]);
  const [scaled, setScaled] = useState<string | null>(null);
  const live = useRealtime(isParty ? `booking:${booking.id}` : null, {
    "compute.stats": (payload) => {
      const p = toStatsPoint(payload as LbSnapshot & { at?: number });
      if (p) setPoints((prev) => [...prev.slice(-(maxPoints - 1)), p]);
    },
    "compute.scaled": (payload) => {
      setScaled(JSON.stringify(payload));
      void compute.refetch();
    },
    "compute.instance": () => void compute.refetch(),
  });

  if (!isParty) return null;
  const expired = [access.error, compute.error].some((e) => e instanceof ApiError && e.status === 401);
  if (!session || expired)
    return (
      <section className="card" aria-labelledby="compute-title" data-testid="compute-panel" data-signed-in="false">
        <h2 id="compute-title" className="h2">
          Compute
        </h2>
        <p className="mt-2 text-sm">
          {expired ? "Your session has expired. " : null}
          The endpoint, instances, live charts and routing algorithm are private to the booking&apos;s consumer and
          provider: the node shows them only to a party signed in with its wallet. Signing in is a signature, not a
          transaction (no gas).
        </p>
        <button
          type="button"
          className="btn-primary mt-3"
          disabled={status === "signing-in"}
          onClick={() => void signIn()}
          data-testid="compute-sign-in"
        >
          {status === "signing-in" ? "Signing in…" : "Sign in with Ethereum"}
        </button>
        {error ? (
          <p role="alert" className="field-error mt-2" data-testid="compute-sign-in-error">
            {error}
          </p>
        ) : null}
      </section>
    );

  const view = compute.data;
  const latest = points.at(-1);
  const endpoint = view?.endpoint ?? access.data?.endpoint ?? null;
  const instances = view?.instances ?? access.data?.instances ?? [];
  const computeMissing = compute.isError && compute.error instanceof ApiError && compute.error.status === 404;

  return (
    <section className="space-y-4" aria-labelledby="compute-title" data-testid="compute-panel" data-signed-in="true">
      <div className="flex items-center gap-3">
        <h2 id="compute-title" className="h2">
          Compute
        </h2>
        <Badge tone={live === "live" ? "green" : "neutral"} testId="realtime-status">
          {live === "live" ? "live" : live}
        </Badge>
      </div>

      <div className="card">
        <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <Stat
            label="Endpoint"
            value={
              endpoint ? <code className="mono">{endpoint}</code> : <span className="muted">not provisioned yet</span>
            }
            testId="booking-endpoint"
          />
          <Stat label="Load balancing" value={view?.algorithm ?? "—"} testId="lb-algorithm" />
          <Stat label="Instances" value={instances.length} />
        </dl>
        {view ? <AlgorithmSelector bookingId={booking.id} token={session.token} current={view.algorithm} /> : null}
      </div>

      {access.isError && !(access.error instanceof ApiError && access.error.status === 404) ? (
        <ErrorState error={access.error} what="booking access" />
      ) : null}
      {compute.isPending ? (
        <Loading label="Loading compute…" />
      ) : computeMissing ? (
        <Empty title="The compute plane has no view of this booking yet.">
          It appears once the provider&apos;s node runs the booking&apos;s instances.
        </Empty>
      ) : compute.isError ? (
        <ErrorState error={compute.error} onRetry={() => void compute.refetch()} what="compute" />
      ) : null}

      <div className="card">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 className="font-medium">Throughput and latency</h3>
          {latest ? (
            <p className="muted text-sm" data-testid="throughput-now" data-rps={latest.rps}>
              now <strong className="text-zinc-900 dark:text-white">{latest.rps.toFixed(1)} req/s</strong> · p50{" "}
              {latest.p50.toFixed(0)} ms · p99 {latest.p99.toFixed(0)} ms
            </p>
          ) : null}
        </div>
        {points.length === 0 ? (
          <p className="muted mt-2 text-sm" data-testid="charts-waiting">
            Waiting for live stats (one sample a second while the booking serves traffic).
          </p>
        ) : (
          <LiveCharts points={points} />
        )}
      </div>

      {instances.length > 0 ? (
        <div className="card overflow-x-auto p-0">
          <table className="data-table" data-testid="instances">
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">State</th>
                <th scope="col">CPU</th>
                <th scope="col">Memory</th>
              </tr>
            </thead>
            <tbody>
              {instances.map((i, n) => {
                // `/compute` gives `state` and measured `stats`; `/access` (before the compute view loads) gives `status`.
                const state = String(i.state ?? i.status ?? "unknown");
                const stats = (i.stats ?? {}) as { cpu?: unknown; memoryBytes?: unknown };
                const cpu = typeof stats.cpu === "number" ? stats.cpu : i.cpu;
                const memoryBytes = typeof stats.memoryBytes === "number" ? stats.memoryBytes : i.memoryBytes;
                return (
                  <tr key={String(i.id ?? n)} data-testid="instance-row" data-state={state}>
                    <td className="font-mono text-xs">{String(i.id ?? n)}</td>
                    <td>
                      <Badge tone={state === "ready" ? "green" : state === "crashed" ? "red" : "amber"}>{state}</Badge>
                    </td>
                    <td>{typeof cpu === "number" ? `${(cpu * 100).toFixed(0)}% of a core` : "—"}</td>
                    <td>
                      {typeof memoryBytes === "number"
                        ? `${(memoryBytes / 2 ** 20).toFixed(0)} MB`
                        : typeof i.memory === "number"
                          ? `${i.memory} MB`
                          : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      {view?.scaler ? (
        <ScalerCard bookingId={booking.id} token={session.token} scaler={view.scaler} lastEvent={scaled} />
      ) : null}
    </section>
  );
}

function AlgorithmSelector({ bookingId, token, current }: { bookingId: number; token: string; current?: string }) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const change = async (algorithm: string) => {
    setPending(true);
    setError(null);
    try {
      await apiFetch(`/bookings/${bookingId}/compute/algorithm`, { method: "PUT", body: { algorithm }, token });
      await queryClient.invalidateQueries({ queryKey: ["api", `/bookings/${bookingId}/compute`] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="mt-4 flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="lb-algorithm" className="label">
          Routing algorithm
        </label>
        <select
          id="lb-algorithm"
          className="input"
          value={current ?? ""}
          disabled={pending}
          onChange={(e) => void change(e.target.value)}
        >
          {lbAlgorithms.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <p role="status" className="text-sm">
        {pending ? "Applying…" : error ? <span className="text-red-600 dark:text-red-400">{error}</span> : null}
      </p>
    </div>
  );
}
