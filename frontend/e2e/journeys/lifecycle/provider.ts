import assert from "node:assert/strict";
import { formatEther, parseEther } from "viem";
import { api, connectWallet, type E2eContext } from "../../support/app.js";
import { E2E_SCHEDULER_ACCOUNT } from "../../support/backend.js";
import { screenshot, timeouts } from "../../support/browser.js";
import { market } from "../../support/market.js";
import { JOURNEY_REGION, type LifecycleState, needs } from "./state.js";

/** Thousands grouped as the app shows token amounts (`formatToken`). */
const dcx = (wei: bigint) => `${new Intl.NumberFormat("en-US").format(Number(formatEther(wei)))} DCX`;

/**
 * The provider opens the console, registers with a stake (approve + register, after a stake below
 * the minimum is refused in the form), lists a resource (after a bad price is refused in the form)
 * and sees it among their listings once indexed.
 */
export async function providerRegistersAndLists(ctx: E2eContext, s: LifecycleState): Promise<void> {
  const { page, wallet } = s.provider;
  const m = market(ctx.stack.chain);
  await page.goto(new URL("/provider", ctx.stack.webUrl).toString());
  await page.getByTestId("wallet-required").waitFor();
  await connectWallet(page, wallet!);

  const register = page.getByTestId("register-card");
  await register.waitFor();
  const minStake = (await m.read("ResourceMarketplace", "minStake")) as bigint;
  const stake = minStake * 2n;
  await register.getByLabel("Stake (DCX)").fill(formatEther(minStake / 2n));
  await register.getByTestId("register-submit").click();
  await register
    .getByRole("alert")
    .filter({ hasText: `at least ${dcx(minStake)}` })
    .waitFor();
  assert.equal(wallet!.sentTransactions.length, 0, "a stake below the minimum sends nothing");

  await register.getByLabel("Stake (DCX)").fill(formatEther(stake));
  await register.getByLabel("Metadata URI (optional)").fill("ipfs://e2e-lab-provider");
  await register.getByTestId("register-submit").click();
  const dashboard = page.getByTestId("provider-dashboard");
  await dashboard.waitFor({ timeout: timeouts.transaction });
  assert.equal(wallet!.sentTransactions.length, 2, "approve, then registerProvider");
  await dashboard
    .getByTestId("provider-stake")
    .filter({ hasText: dcx(stake) })
    .waitFor();
  const onChain = (await m.read("ResourceMarketplace", "getProvider", [wallet!.address])) as { stake: bigint };
  assert.equal(onChain.stake, stake);
  await providerAuthorizesScheduler(ctx, s);

  const form = page.getByTestId("listing-form");
  const fill = async (values: Record<string, string>) => {
    for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
  };
  await fill({
    Region: JOURNEY_REGION,
    vCPU: "1",
    "Memory (GB)": "1",
    "Storage (GB)": "20",
    GPUs: "0",
    "Capacity (concurrent bookings)": "2",
    "Price (DCX per hour)": "3.6 DCX",
    "Uptime target (%)": "99.5",
    "Penalty per violation (%)": "10",
    "p95 latency bound (ms)": "200",
    "SLA period (minutes)": "5",
  });
  const sent = wallet!.sentTransactions.length;
  await page.getByTestId("listing-submit").click();
  await form
    .locator("#listing-pricePerHour-error")
    .filter({ hasText: "Price per hour must be a number of DCX" })
    .waitFor();
  assert.equal(await form.getByLabel("Price (DCX per hour)").getAttribute("aria-invalid"), "true");
  assert.equal(await form.getByRole("alert").count(), 1, `only the price is refused: ${await form.innerText()}`);
  assert.equal(wallet!.sentTransactions.length, sent, "an invalid listing sends nothing");

  await fill({ "Price (DCX per hour)": "3.6" });
  await page.getByTestId("listing-price-preview").filter({ hasText: "3.6 DCX/h" }).waitFor();
  await page.getByTestId("listing-submit").click();
  const listed = page.getByRole("region", { name: "List a resource" }).getByTestId("tx-status");
  await listed.and(page.locator('[data-status="confirmed"]')).waitFor({ timeout: timeouts.transaction });

  const mine = page.getByTestId("my-resource").filter({ hasText: JOURNEY_REGION });
  await mine.waitFor({ timeout: timeouts.transaction });
  s.resourceId = Number(await mine.getAttribute("data-resource-id"));
  assert.ok(s.resourceId > 0, "the listing carries its resource id");
  const indexed = await api<{ provider: string; region: string; pricePerSecond: string; capacity: number }>(
    ctx,
    `/resources/${s.resourceId}`,
  );
  assert.equal(indexed.provider.toLowerCase(), wallet!.address.toLowerCase());
  assert.equal(indexed.region, JOURNEY_REGION);
  assert.equal(BigInt(indexed.pricePerSecond), parseEther("3.6") / 3600n);
  assert.equal(indexed.capacity, 2);
  assert.match(await mine.innerText(), /3\.6 DCX\/h/);
  assert.deepEqual(s.provider.errors, []);
}

/**
 * The node anchors the provider's receipts only with a scheduler key the provider authorized: the
 * "Receipt anchoring" card says none is, the provider authorizes the node's key (pending → confirmed),
 * and the card and the chain then agree it anchors for them.
 */
async function providerAuthorizesScheduler(ctx: E2eContext, s: LifecycleState): Promise<void> {
  const { page, wallet } = s.provider;
  const m = market(ctx.stack.chain);
  const scheduler = m.address(E2E_SCHEDULER_ACCOUNT);
  const card = page.getByTestId("receipt-anchoring");
  await card.and(page.locator('[data-anchoring="available"]')).waitFor({ timeout: timeouts.transaction });
  await card.getByTestId("anchoring-badge").filter({ hasText: "Not anchored" }).waitFor();
  const sent = wallet!.sentTransactions.length;
  const authorize = card.getByTestId("authorize-scheduler");
  assert.match(await authorize.innerText(), new RegExp(scheduler.slice(0, 6), "i"), "names the node's key");
  await authorize.click();
  await card
    .getByTestId("tx-status")
    .and(page.locator('[data-status="confirmed"]'))
    .waitFor({ timeout: timeouts.transaction });
  assert.equal(wallet!.sentTransactions.length, sent + 1, "one authorizeScheduler transaction");
  await card.and(page.locator('[data-anchoring="authorized"]')).waitFor({ timeout: timeouts.transaction });
  await card.getByTestId("revoke-scheduler").waitFor();
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, "provider-anchoring");
  const providerOf = (await m.read("ReceiptRegistry", "providerOf", [scheduler])) as string;
  assert.equal(providerOf.toLowerCase(), wallet!.address.toLowerCase());
  const listed = await api<{ address: string; provider: string | null }[]>(ctx, "/receipts/schedulers");
  assert.deepEqual(listed, [{ address: scheduler.toLowerCase(), provider: wallet!.address.toLowerCase() }]);
}

/** The provider activates the consumer's booking from the console; the row turns active once indexed. */
export async function providerActivatesBooking(ctx: E2eContext, s: LifecycleState): Promise<void> {
  const resourceId = needs(s.resourceId, "the resource id", "provider lists a resource");
  const bookingId = needs(s.bookingId, "the booking id", "consumer books it");
  const { page, wallet } = s.provider;
  const listing = page.locator(`[data-testid="my-resource"][data-resource-id="${resourceId}"]`);
  const row = listing.locator(`[data-testid="provider-booking-row"][data-booking-id="${bookingId}"]`);
  await row.and(page.locator('[data-state="requested"]')).waitFor({ timeout: timeouts.transaction });
  await row.getByLabel(`Endpoint URL of booking ${bookingId}`).fill(`https://booking-${bookingId}.e2e-lab.local`);
  await row.getByRole("button", { name: "Activate" }).click();
  await row
    .getByTestId("tx-status")
    .and(page.locator('[data-status="confirmed"]'))
    .waitFor({ timeout: timeouts.transaction });
  await listing
    .locator(`[data-testid="provider-booking-row"][data-booking-id="${bookingId}"][data-state="active"]`)
    .waitFor({ timeout: timeouts.transaction });
  const booking = await api<{ state: string; startTime: number | null }>(ctx, `/bookings/${bookingId}`);
  assert.equal(booking.state, "active");
  assert.ok(booking.startTime, "the booking has started");
  assert.ok(wallet!.calls.some((c) => c.method === "eth_sendTransaction"));
  await listing.scrollIntoViewIfNeeded();
  await screenshot(page, "provider-console");
  assert.deepEqual(s.provider.errors, []);
}
