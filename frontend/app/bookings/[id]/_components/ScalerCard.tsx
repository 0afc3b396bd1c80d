"use client";

import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Stat } from "@/components/StateViews";
import { apiFetch } from "@/lib/api";

type Scaler = Record<string, unknown>;

const num = (v: unknown) => (typeof v === "number" ? v : undefined);

/** The autoscaler's state and its min/max bounds (`PUT /bookings/:id/compute/scaler`). */
export function ScalerCard({
  bookingId,
  token,
  scaler,
  lastEvent,
}: {
  bookingId: number;
  token: string;
  scaler: Scaler;
  lastEvent: string | null;
}) {
  const queryClient = useQueryClient();
  const [min, setMin] = useState(String(num(scaler.min) ?? 1));
  const [max, setMax] = useState(String(num(scaler.max) ?? 1));
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const lo = Number(min);
    const hi = Number(max);
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < 1 || lo > hi) {
      setMessage("min and max must be whole numbers with 0 ≤ min ≤ max and max ≥ 1.");
      return;
    }
    try {
      await apiFetch(`/bookings/${bookingId}/compute/scaler`, { method: "PUT", body: { min: lo, max: hi }, token });
      setMessage("Saved.");
      await queryClient.invalidateQueries({ queryKey: ["api", `/bookings/${bookingId}/compute`] });
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  const last = scaler.lastDecision as Record<string, unknown> | null | undefined;
  return (
    <div className="card" data-testid="scaler">
      <h3 className="font-medium">Autoscaler</h3>
      <dl className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Instances now" value={String(scaler.current ?? "—")} />
        <Stat label="Min / max" value={`${String(scaler.min ?? "—")} / ${String(scaler.max ?? "—")}`} />
        <Stat
          label="Target CPU"
          value={typeof scaler.targetCpu === "number" ? `${Math.round(scaler.targetCpu * 100)}%` : "—"}
        />
        <Stat
          label="Last decision"
          value={last ? String(last.reason ?? last.desired ?? JSON.stringify(last)) : "none yet"}
        />
      </dl>
      {lastEvent ? <p className="mono muted mt-2">last scaling event: {lastEvent}</p> : null}
      <form onSubmit={submit} noValidate className="mt-4 flex flex-wrap items-end gap-3" aria-label="Scaler bounds">
        <div>
          <label htmlFor="scaler-min" className="label">
            Min instances
          </label>
          <input
            id="scaler-min"
            className="input w-24"
            inputMode="numeric"
            value={min}
            onChange={(e) => setMin(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="scaler-max" className="label">
            Max instances
          </label>
          <input
            id="scaler-max"
            className="input w-24"
            inputMode="numeric"
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
        </div>
        <button type="submit" className="btn-secondary">
          Save bounds
        </button>
        {message ? (
          <p role="status" className="text-sm">
            {message}
          </p>
        ) : null}
      </form>
    </div>
  );
}
