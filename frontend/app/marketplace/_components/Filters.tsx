"use client";

import { type FormEvent, useEffect, useState } from "react";
import { type MarketplaceFilters, marketplaceSorts } from "@/lib/marketplaceQuery";

const numberFields = [
  { key: "minCpu", label: "Min vCPU", step: "0.5" },
  { key: "minMemory", label: "Min memory (GB)", step: "1" },
  { key: "minGpu", label: "Min GPUs", step: "1" },
  { key: "maxPrice", label: "Max price (DCX/h)", step: "any" },
  { key: "minReputation", label: "Min reputation (%)", step: "1" },
] as const;

/** The filter sidebar: typed values apply on submit; sort and availability apply at once. */
export function Filters({ value, onChange }: { value: MarketplaceFilters; onChange: (f: MarketplaceFilters) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...draft, page: 1 });
  };

  return (
    <form onSubmit={submit} aria-label="Filters" className="card h-fit space-y-4" data-testid="filters">
      <div>
        <label htmlFor="f-sort" className="label">
          Sort by
        </label>
        <select
          id="f-sort"
          className="input"
          value={value.sort}
          onChange={(e) => onChange({ ...value, sort: e.target.value, page: 1 })}
        >
          {marketplaceSorts.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-region" className="label">
          Region
        </label>
        <input
          id="f-region"
          className="input"
          placeholder="e.g. eu-west-1"
          value={draft.region}
          maxLength={31}
          onChange={(e) => setDraft({ ...draft, region: e.target.value })}
        />
      </div>
      {numberFields.map((f) => (
        <div key={f.key}>
          <label htmlFor={`f-${f.key}`} className="label">
            {f.label}
          </label>
          <input
            id={`f-${f.key}`}
            className="input"
            type="number"
            min="0"
            step={f.step}
            inputMode="decimal"
            value={draft[f.key]}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
          />
        </div>
      ))}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={value.available}
          onChange={(e) => onChange({ ...value, available: e.target.checked, page: 1 })}
        />
        Available now
      </label>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary flex-1">
          Apply
        </button>
        <button
          type="button"
          className="btn-secondary"
          onClick={() =>
            onChange({
              region: "",
              minCpu: "",
              minMemory: "",
              minGpu: "",
              maxPrice: "",
              minReputation: "",
              available: false,
              sort: "newest",
              page: 1,
            })
          }
        >
          Reset
        </button>
      </div>
    </form>
  );
}
