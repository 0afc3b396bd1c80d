import assert from "node:assert/strict";
import { api, type E2eContext, url, visit } from "../../support/app.js";
import { screenshot, timeouts, withFailureScreenshots } from "../../support/browser.js";
import { waitUntil } from "../../support/processes.js";
import { type LifecycleState, needs } from "./state.js";

/** `GET /receipts/:decisionId`: a receipt with its proof and where it was anchored. */
type ReceiptProof = {
  receipt: { bookingId: string | number; decisionId: string; kind: string; instanceId: string; algorithm: string };
  leaf: string;
  proof: string[];
  batchId: number | null;
  root: string;
  txHash: string | null;
  status: string;
  provider: string;
};

/**
 * Scheduling decisions for the booking (tasks placed through the API, as the consumer's tooling
 * would), then, once a batch of them is anchored on-chain, the receipt with the longest proof.
 */
export async function anchoredReceipt(ctx: E2eContext, s: LifecycleState): Promise<ReceiptProof> {
  const bookingId = needs(s.bookingId, "the booking id", "consumer books it");
  const token = needs(s.consumerToken, "the consumer's session", "consumer watches compute");
  // Five placements at once: one batch of several leaves, so the proof path has levels to show.
  await Promise.all(
    Array.from({ length: 5 }, () =>
      api(ctx, `/bookings/${bookingId}/tasks`, {
        method: "POST",
        token,
        body: { cpuMillicores: 100, memoryMb: 8, durationMs: 2_000 },
      }),
    ),
  );
  let anchored: string[] = [];
  await waitUntil(
    `an anchored receipt of booking #${bookingId} (GET /receipts?bookingId=${bookingId})`,
    async () => {
      const page = await api<{ items: { decisionId: string; status: string }[] }>(
        ctx,
        `/receipts?bookingId=${bookingId}&limit=100`,
      );
      anchored = page.items.filter((r) => r.status === "anchored").map((r) => r.decisionId);
      return anchored.length > 0;
    },
    { timeoutMs: 30_000, intervalMs: 500, process: ctx.stack.backend.process },
  );
  // The one with the longest proof path (of the first few), to show the most of the path.
  const candidates = await Promise.all(anchored.slice(0, 4).map((id) => api<ReceiptProof>(ctx, `/receipts/${id}`)));
  const proof = candidates.reduce((a, b) => (b.proof.length > a.proof.length ? b : a));
  assert.equal(proof.status, "anchored");
  assert.equal(String(proof.receipt.bookingId), String(bookingId));
  assert.ok(proof.batchId !== null && proof.txHash, "an anchored receipt names its batch and transaction");
  return proof;
}

/**
 * An auditor with no wallet (fresh context) looks a receipt of the booking up by decision id and sees
 * every step verified against the chain; the same receipt pasted with one field changed is not
 * verified; then the provider's record.
 */
export async function auditorVerifies(ctx: E2eContext, s: LifecycleState, proof: ReceiptProof): Promise<void> {
  const bookingId = needs(s.bookingId, "the booking id", "consumer books it");
  const v = await visit(ctx);
  try {
    await withFailureScreenshots(v.context, "lifecycle-auditor", async () => {
      const { page } = v;
      await page.goto(url(ctx, "/auditor"));
      await page.getByLabel("Decision id").fill(proof.receipt.decisionId);
      await page.getByTestId("verify-submit").click();
      await page.waitForURL(new RegExp(`decision=${proof.receipt.decisionId}`));
      const result = page.getByTestId("verify-result");
      await result.and(page.locator('[data-valid="true"]')).waitFor({ timeout: timeouts.transaction });
      for (const step of ["leaf", "proof", "root", "onchain-root", "anchoring", "contract"]) {
        assert.equal(await page.getByTestId(`verify-step-${step}`).getAttribute("data-ok"), "true", `step ${step}`);
      }
      const value = async (step: string) => page.getByTestId(`verify-step-${step}`).locator("p.mono").innerText();
      assert.equal(await value("leaf"), proof.leaf);
      assert.equal(await value("root"), proof.root);
      assert.equal(await value("onchain-root"), proof.root);
      assert.equal((await value("anchoring")).toLowerCase(), proof.txHash!.toLowerCase());
      assert.equal(
        await page.getByTestId("verify-step-proof").locator("ol > li").count(),
        proof.proof.length,
        "one line per proof level",
      );
      assert.match(await page.getByTestId("verify-step-anchoring").innerText(), new RegExp(proof.provider, "i"));
      const verifier = page.getByRole("region", { name: "Verify a scheduling receipt" });
      assert.match(await verifier.locator("dl").first().innerText(), new RegExp(`#${bookingId}\\b`));
      await verifier
        .locator("dl")
        .first()
        .evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 160));
      await screenshot(page, "auditor-verified");

      // The same answer, pasted, with the instance changed: the leaf no longer reaches the anchored root.
      const tampered = { ...proof, receipt: { ...proof.receipt, instanceId: `${proof.receipt.instanceId}-x` } };
      await page.getByRole("tab", { name: "Paste JSON" }).click();
      await result.waitFor({ state: "detached" }); // the other tab's verdict is cleared
      await page.getByLabel(/Receipt JSON/).fill(JSON.stringify(tampered, null, 2));
      await page.getByTestId("verify-submit").click();
      await result.and(page.locator('[data-valid="false"]')).waitFor({ timeout: timeouts.transaction });
      assert.match(await result.innerText(), /Not verified/);
      assert.equal(await page.getByTestId("verify-step-leaf").getAttribute("data-ok"), "false");
      assert.equal(await page.getByTestId("verify-step-onchain-root").getAttribute("data-ok"), "false");
      assert.equal(await page.getByTestId("verify-step-contract").getAttribute("data-ok"), "false");
      await screenshot(page, "auditor-tampered");
      // Just `{ receipt, proof, batchId }` is enough: the rest is read from the chain.
      const { receipt, proof: siblings, batchId } = proof;
      await page.getByLabel(/Receipt JSON/).fill(JSON.stringify({ receipt, proof: siblings, batchId }));
      await page.getByTestId("verify-submit").click();
      await result.and(page.locator('[data-valid="true"]')).waitFor({ timeout: timeouts.transaction });
      await page.getByRole("tab", { name: "By decision id" }).click();
      await result.waitFor({ state: "detached" });

      await page.getByLabel("Provider address").fill(proof.provider);
      await page.getByRole("button", { name: "Open record" }).click();
      await page.waitForURL(new RegExp(`/auditor/providers/${proof.provider}$`, "i"));
      const record = page.getByTestId("provider-record");
      await record.waitFor();
      await record.getByRole("link", { name: `#${bookingId}`, exact: true }).waitFor();
      assert.match(await record.innerText(), /Stake\s+2,000 DCX/);
      // The provider's anchored batches, as many as the API lists, and where its reputation started.
      const batches = await api<{ total: number }>(ctx, `/receipts/batches?provider=${proof.provider}&limit=1`);
      assert.ok(batches.total >= 1, "the journey anchored at least one batch for the provider");
      await record
        .getByTestId("record-batches")
        .filter({ hasText: String(batches.total) })
        .waitFor();
      assert.match(await record.getByTestId("reputation-note").innerText(), /starts at 50(\.00)?%/);
      await screenshot(page, "auditor-provider-record");
      assert.deepEqual(v.errors, []);
    });
  } finally {
    await v.close();
  }
}
