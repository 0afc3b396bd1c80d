"use client";

import { type FormEvent, useState } from "react";
import { formatToken, pricePerPeriods } from "@/lib/format";
import { type ListingArgs, type ListingFormValues, validateListing } from "@/lib/validation/listing";

const fields: { key: keyof ListingFormValues; label: string; hint?: string }[] = [
  { key: "region", label: "Region", hint: "e.g. eu-west-1" },
  { key: "cpuVcpu", label: "vCPU" },
  { key: "memoryGb", label: "Memory (GB)" },
  { key: "storageGb", label: "Storage (GB)" },
  { key: "gpuCount", label: "GPUs" },
  { key: "capacity", label: "Capacity (concurrent bookings)" },
  { key: "pricePerHour", label: "Price (DCX per hour)" },
  { key: "uptimeTargetPercent", label: "Uptime target (%)" },
  { key: "penaltyPercent", label: "Penalty per violation (%)" },
  { key: "p95LatencyMs", label: "p95 latency bound (ms)" },
  { key: "periodMinutes", label: "SLA period (minutes)" },
];

/**
 * The listing form (create and edit), validated with the contract's rules before anything is sent,
 * with a live price preview per second, hour and day.
 */
export function ListingForm({
  initial,
  submitLabel,
  busy,
  idPrefix,
  onSubmit,
}: {
  initial: ListingFormValues;
  submitLabel: string;
  busy: boolean;
  idPrefix: string;
  onSubmit: (args: ListingArgs) => void;
}) {
  const [values, setValues] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const result = validateListing(values);
  const errors = submitted ? result.errors : {};
  const preview = result.ok ? pricePerPeriods(result.args.pricePerSecond) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (result.ok) onSubmit(result.args);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid={`${idPrefix}-form`}>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {fields.map((f) => {
          const id = `${idPrefix}-${f.key}`;
          const error = errors[f.key];
          return (
            <div key={f.key}>
              <label htmlFor={id} className="label">
                {f.label}
              </label>
              <input
                id={id}
                name={f.key}
                className="input"
                placeholder={f.hint}
                value={values[f.key]}
                aria-invalid={Boolean(error)}
                aria-describedby={error ? `${id}-error` : undefined}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              />
              {error ? (
                <p id={`${id}-error`} className="field-error" role="alert">
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-zinc-50 p-3 text-sm dark:bg-zinc-950">
        <p data-testid={`${idPrefix}-price-preview`}>
          {preview && result.ok ? (
            <>
              {formatToken(result.args.pricePerSecond, { maxFractionDigits: 8 })}/s ·{" "}
              <strong>{formatToken(preview.perHour)}/h</strong> · {formatToken(preview.perDay)}/day
            </>
          ) : (
            <span className="muted">Price preview appears when the form is valid.</span>
          )}
        </p>
        <button type="submit" className="btn-primary" disabled={busy} data-testid={`${idPrefix}-submit`}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
