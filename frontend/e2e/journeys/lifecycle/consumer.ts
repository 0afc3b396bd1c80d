import assert from "node:assert/strict";
import { parseEther } from "viem";
import { api, connectWallet, type E2eContext, sessionToken } from "../../support/app.js";
import { screenshot, timeouts } from "../../support/browser.js";
import { waitUntil } from "../../support/processes.js";
import { JOURNEY_REGION, type LifecycleState, needs } from "./state.js";

/**
 * The consumer finds the provider's listing through the marketplace's region filter, opens it, sees
 * a bad duration refused and the cost preview for a good one, books with a permit (one transaction),
 * sees it pending then confirmed (the chain mines it only when told), and finds it in My bookings.
 */
export async function consumerBooks(ctx: E2eContext, s: LifecycleState): Promise<void> {
  const resourceId = needs(s.resourceId, "the resource id", "provider lists a resource");
  const { page, wallet } = s.consumer;
  const { chain } = ctx.stack;
  await page.goto(new URL("/marketplace", ctx.stack.webUrl).toString());
  await connectWallet(page, wallet!);
  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Region").fill(JOURNEY_REGION);
  await filters.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL(new RegExp(`region=${JOURNEY_REGION}`));
  await page
    .getByTestId("results-count")
    .filter({ hasText: /^1 listing$/ })
    .waitFor();
  const card = page.locator(`[data-testid="listing-card"][data-resource-id="${resourceId}"]`);
  await card.waitFor();
  assert.equal(await page.getByTestId("listing-card").count(), 1, "the filter finds only the journey's listing");
  await card.click();
  await page.waitForURL(new RegExp(`/resources/${resourceId}$`));
  await page.locator(`[data-testid="resource-detail"][data-resource-id="${resourceId}"]`).waitFor();
  await page.getByTestId("price-per-hour").filter({ hasText: "3.6 DCX" }).waitFor();

  const form = page.getByTestId("book-form");
  await form.getByLabel("Duration").fill("0");
  await form.getByTestId("book-error").waitFor();
  await form.getByLabel("Duration").fill("2");
  await form.getByLabel("Unit").selectOption("hours");
  await form.getByTestId("booking-cost").filter({ hasText: "7.2 DCX" }).waitFor();
  assert.equal(await form.getByTestId("book-error").count(), 0, "a good duration clears the error");

  // Mining waits for the test, so the page's pending state is observed, not raced.
  const sent = wallet!.sentTransactions.length;
  await chain.testClient.setAutomine(false);
  try {
    await form.getByTestId("book-submit").click();
    const status = form.getByTestId("tx-status");
    await status.and(page.locator('[data-status="pending"]')).filter({ hasText: /tx 0x/ }).waitFor({
      timeout: timeouts.transaction,
    });
    assert.match(await status.innerText(), /Pending · Book with permit/);
    assert.equal(await form.getByTestId("book-submit").isDisabled(), true, "no second booking while one is pending");
    assert.equal(wallet!.sentTransactions.length, sent + 1, "permit + book is one transaction");
    assert.ok(
      wallet!.calls.some((c) => c.method === "eth_signTypedData_v4"),
      "the permit was signed",
    );
    await chain.testClient.mine({ blocks: 1 });
  } finally {
    await chain.testClient.setAutomine(true);
  }
  await form
    .getByTestId("tx-status")
    .and(page.locator('[data-status="confirmed"]'))
    .waitFor({ timeout: timeouts.transaction });
  const link = form.getByTestId("booked-link");
  await link.waitFor();
  const id = /Booking #(\d+) created/.exec(await link.innerText())?.[1];
  assert.ok(id, "the confirmation names the booking");
  s.bookingId = Number(id);
  await screenshot(page, "resource-detail");

  await ctx.stack.backend.synced();
  const booking = await api<{ consumer: string; state: string; amount: string; resourceId: number }>(
    ctx,
    `/bookings/${s.bookingId}`,
  );
  assert.equal(booking.consumer.toLowerCase(), wallet!.address.toLowerCase());
  assert.equal(booking.resourceId, resourceId);
  assert.equal(booking.state, "requested");
  assert.equal(BigInt(booking.amount), parseEther("7.2"));

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My bookings" }).click();
  await page.waitForURL(/\/bookings$/);
  const row = page.locator(`[data-testid="booking-row"][data-booking-id="${s.bookingId}"][data-state="requested"]`);
  await row.waitFor();
  // The machine booked (region and specs, not just its id), and when the provider must activate it by.
  await row.getByTestId("booking-resource").filter({ hasText: JOURNEY_REGION }).waitFor();
  assert.match(await row.getByTestId("booking-resource").innerText(), /1 vCPU · 1 GB/);
  const deadline = row.getByTestId("activation-deadline");
  await deadline.filter({ hasText: "to be activated by" }).waitFor();
  const detail = await api<{ provisionDeadline: number }>(ctx, `/bookings/${s.bookingId}`);
  assert.equal(Number(await deadline.getAttribute("data-deadline")), detail.provisionDeadline);
  await screenshot(page, "my-bookings");
  assert.deepEqual(s.consumer.errors, []);
}

/**
 * Bounded traffic to a booking's endpoint: `rounds` rounds of 4 concurrent GETs, a round at least
 * every 200 ms (so the page's once-a-second samples see a steady rate). Counts the 2xx answers.
 */
async function sendTraffic(endpoint: string, rounds: number): Promise<{ sent: number; ok: number }> {
  let ok = 0;
  for (let round = 0; round < rounds; round++) {
    const [answers] = await Promise.all([
      Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(endpoint, { signal: AbortSignal.timeout(5_000) })
            .then(async (r) => (await r.arrayBuffer(), r.ok))
            .catch(() => false),
        ),
      ),
      new Promise((r) => setTimeout(r, 200)),
    ]);
    ok += answers.filter(Boolean).length;
  }
  return { sent: rounds * 4, ok };
}

/**
 * Once the provider has activated it, the consumer opens the booking, signs in, and sees the endpoint
 * and the instances the compute plane started; live charts render; requests sent to the endpoint from
 * Node move the throughput figure; switching the routing algorithm takes effect in the compute plane.
 */
export async function consumerWatchesCompute(ctx: E2eContext, s: LifecycleState): Promise<void> {
  const bookingId = needs(s.bookingId, "the booking id", "consumer books it");
  const { page } = s.consumer;
  await page
    .locator(`[data-testid="booking-row"][data-booking-id="${bookingId}"] a[href="/bookings/${bookingId}"]`)
    .click();
  await page.waitForURL(new RegExp(`/bookings/${bookingId}$`));
  const detail = page.locator(`[data-testid="booking-detail"][data-booking-id="${bookingId}"]`);
  await detail.and(page.locator('[data-state="active"]')).waitFor({ timeout: timeouts.transaction });
  // Connected but not signed in: the compute panel says why it is empty and offers the sign-in right there.
  const signedOut = page.locator('[data-testid="compute-panel"][data-signed-in="false"]');
  await signedOut.waitFor();
  assert.match(await signedOut.innerText(), /private to the booking's consumer and provider/);
  await signedOut.getByTestId("compute-sign-in").click();
  const panel = page.locator('[data-testid="compute-panel"][data-signed-in="true"]');
  await panel.waitFor({ timeout: timeouts.transaction });
  await page.getByTestId("sign-in").waitFor({ state: "detached" }); // the header shares the one session
  s.consumerToken = await sessionToken(page);

  await panel.getByTestId("realtime-status").filter({ hasText: "live" }).waitFor();
  const endpoint = panel.getByTestId("booking-endpoint").locator("code");
  await endpoint.waitFor({ timeout: 30_000 });
  s.endpoint = (await endpoint.innerText()).trim();
  assert.match(s.endpoint, /^http:\/\/127\.0\.0\.1:\d+/);
  await panel.locator('[data-testid="instance-row"][data-state="ready"]').first().waitFor({ timeout: 30_000 });
  await panel.getByTestId("live-charts").locator("canvas").first().waitFor();
  assert.equal(await panel.getByTestId("live-charts").locator(".uplot").count(), 2, "throughput and latency charts");
  const rps = async () => Number(await panel.getByTestId("throughput-now").getAttribute("data-rps"));
  assert.equal(await rps(), 0, "no traffic yet");

  const first = await sendTraffic(s.endpoint, 25);
  assert.ok(first.ok >= first.sent * 0.95, `${first.ok} of ${first.sent} requests to ${s.endpoint} succeeded`);
  await waitUntil("the booking page's throughput above 0 req/s", async () => (await rps()) > 0, {
    timeoutMs: 10_000,
    intervalMs: 250,
  });

  await panel.getByLabel("Routing algorithm").selectOption("round-robin");
  await panel.getByTestId("lb-algorithm").filter({ hasText: "round-robin" }).waitFor();
  const view = await api<{ algorithm: string }>(ctx, `/bookings/${bookingId}/compute`, { token: s.consumerToken });
  assert.equal(view.algorithm, "round-robin", "the compute plane routes with the chosen algorithm");
  const second = await sendTraffic(s.endpoint, 10);
  assert.equal(second.ok, second.sent, "every request is served after the switch");
  assert.ok((await rps()) > 0, "throughput stays above 0 while traffic flows");

  await panel.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 80));
  await screenshot(page, "booking-detail");
  assert.deepEqual(s.consumer.errors, []);
}

/** The booking page lists the receipt among its recent scheduling receipts, anchored, linking to its audit. */
export async function consumerSeesReceipt(s: LifecycleState, decisionId: string, batchId: number): Promise<void> {
  const { page } = s.consumer;
  const row = page.locator(`[data-testid="receipt-row"][data-decision-id="${decisionId}"]`);
  // The list refreshes every 10 s.
  await row.filter({ hasText: `anchored · batch ${batchId}` }).waitFor({ timeout: 20_000 });
  assert.equal(await row.getByRole("link").getAttribute("href"), `/auditor?decision=${decisionId}`);
}
