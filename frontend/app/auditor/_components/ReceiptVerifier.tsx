"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { apiFetch, ApiError } from "@/lib/api";
import { publicClient } from "@/lib/publicClient";
import { parseReceiptInput, type ReceiptToVerify } from "@/lib/receipts/parseReceiptInput";
import { type VerifyOutcome, verifySteps } from "@/lib/receipts/verifySteps";
import { VerifyResult } from "./VerifyResult";

type Mode = "id" | "json";

/**
 * Look up a receipt by decision id (`GET /receipts/:id`) or paste one (the API's whole answer, or just
 * `{ receipt, proof, batchId }`), then verify it in the browser. Switching tabs clears the previous
 * result: a verdict shown under the other input would read as the verdict of this one.
 */
export function ReceiptVerifier() {
  const params = useSearchParams();
  const router = useRouter();
  const initial = params.get("decision") ?? "";
  const [mode, setMode] = useState<Mode>("id");
  const [decisionId, setDecisionId] = useState(initial);
  const [json, setJson] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [input, setInput] = useState<ReceiptToVerify | null>(null);
  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null);

  /** Bumped by every tab switch: a verification still running for the other tab then shows nothing. */
  const generation = useRef(0);

  const verify = useCallback(async (value: ReceiptToVerify) => {
    const started = generation.current;
    setInput(value);
    setOutcome(null);
    const result = await verifySteps(publicClient(), value);
    if (generation.current === started) setOutcome(result);
  }, []);

  const switchMode = (m: Mode) => {
    if (m === mode) return;
    generation.current++;
    setMode(m);
    setError(null);
    setInput(null);
    setOutcome(null);
    setBusy(false);
  };

  const lookUp = useCallback(
    async (id: string) => {
      setError(null);
      setOutcome(null);
      setInput(null);
      if (!/^0x[0-9a-fA-F]{64}$/.test(id.trim())) {
        setError("A decision id is 0x followed by 64 hex digits.");
        return;
      }
      setBusy(true);
      const started = generation.current;
      try {
        const answer = await apiFetch<unknown>(`/receipts/${id.trim().toLowerCase()}`);
        if (generation.current !== started) return;
        const parsed = parseReceiptInput(answer);
        if (!parsed.ok) setError(`The API's answer is malformed: ${parsed.error}`);
        else await verify(parsed.value);
      } catch (e) {
        if (generation.current !== started) return;
        setError(
          e instanceof ApiError && e.status === 404 ? "No receipt with this decision id (yet)." : (e as Error).message,
        );
      } finally {
        if (generation.current === started) setBusy(false);
      }
    },
    [verify],
  );

  useEffect(() => {
    if (initial) void lookUp(initial);
  }, [initial, lookUp]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === "id") {
      router.replace(`/auditor?decision=${decisionId.trim()}`, { scroll: false });
      if (decisionId.trim() === initial) void lookUp(decisionId);
      return;
    }
    setError(null);
    const parsed = parseReceiptInput(json);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    try {
      await verify(parsed.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title" className="h2">
        Verify a scheduling receipt
      </h2>
      <div
        role="tablist"
        aria-label="Input"
        className="mt-3 inline-flex rounded-lg border border-zinc-200 p-0.5 text-sm dark:border-zinc-800"
      >
        {(["id", "json"] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            className={`rounded-md px-3 py-1 ${mode === m ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900" : ""}`}
            onClick={() => switchMode(m)}
          >
            {m === "id" ? "By decision id" : "Paste JSON"}
          </button>
        ))}
      </div>
      <form onSubmit={submit} noValidate className="mt-4 space-y-3" aria-label="Receipt to verify">
        {mode === "id" ? (
          <div>
            <label htmlFor="decision-id" className="label">
              Decision id
            </label>
            <input
              id="decision-id"
              className="input font-mono"
              placeholder="0x…"
              value={decisionId}
              onChange={(e) => setDecisionId(e.target.value)}
            />
          </div>
        ) : (
          <div>
            <label htmlFor="receipt-json" className="label">
              Receipt JSON
            </label>
            <p id="receipt-json-help" className="muted mb-1 text-xs">
              The receipts API&apos;s whole answer (<code className="font-mono">GET /receipts/:id</code>), or just{" "}
              <code className="font-mono">{"{ receipt, proof, batchId }"}</code>. Claims in it (leaf, root, tx) are
              checked against the chain, never trusted.
            </p>
            <textarea
              id="receipt-json"
              className="input h-40 font-mono text-xs"
              aria-describedby="receipt-json-help"
              value={json}
              onChange={(e) => setJson(e.target.value)}
            />
          </div>
        )}
        {error ? (
          <p role="alert" className="field-error" data-testid="verify-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="btn-primary" disabled={busy} data-testid="verify-submit">
          {busy ? "Verifying…" : "Verify"}
        </button>
      </form>
      {input ? <VerifyResult input={input} outcome={outcome} /> : null}
    </section>
  );
}
