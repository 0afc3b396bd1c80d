import assert from "node:assert/strict";
import { type E2eContext, url } from "../../support/app.js";
import { screenshot, timeouts } from "../../support/browser.js";
import { type LifecycleState, needs } from "./state.js";

/**
 * Opens the live feed before anything of the journey happens, recording the websocket frames the
 * page receives: what shows up later arrived pushed, not from the page's first load.
 */
export async function watcherOpensLiveFeed(ctx: E2eContext, s: LifecycleState): Promise<void> {
  const { page } = s.watcher;
  page.on("websocket", (ws) => {
    ws.on("framereceived", ({ payload }) => {
      if (typeof payload === "string") s.liveFrames.push(payload);
    });
  });
  await page.goto(url(ctx, "/live"));
  await page.getByTestId("live-status").filter({ hasText: "live" }).waitFor();
}

/** The feed, open all along, shows the booking and the anchored receipts as they happened. */
export async function liveFeedShowsTheJourney(ctx: E2eContext, s: LifecycleState): Promise<void> {
  const bookingId = needs(s.bookingId, "the booking id", "consumer books it");
  const { page } = s.watcher;
  const feed = page.getByTestId("live-feed");
  const booking = (event: string) =>
    feed
      .locator('[data-testid="feed-item"][data-kind="booking"]')
      .filter({ hasText: `ResourceMarketplace.${event}` })
      .filter({ has: page.locator(`a[href="/bookings/${bookingId}"]`) });
  await booking("BookingCreated").waitFor({ timeout: timeouts.transaction });
  await booking("BookingActivated").waitFor({ timeout: timeouts.transaction });
  await feed
    .locator('[data-testid="feed-item"][data-kind="anchor"]')
    .first()
    .waitFor({ timeout: timeouts.transaction });
  // Token transfers, approvals and roles are hidden by default, there behind "all events".
  const other = feed.locator('[data-testid="feed-item"][data-kind="other"]');
  assert.equal(await other.count(), 0, "no plumbing events by default");
  await page.getByTestId("feed-all-events").check();
  await other.filter({ hasText: "DCXToken.Transfer" }).first().waitFor();
  await page.getByTestId("feed-all-events").uncheck();
  assert.equal(await other.count(), 0, "hidden again");
  // Newest first, whether an item came from the first load or live.
  const orders = await feed
    .locator('[data-testid="feed-item"][data-block]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-block"))));
  assert.ok(orders.length >= 2, "items carry their block");
  assert.deepEqual(
    orders,
    [...orders].sort((a, b) => b - a),
    "ordered by block, newest first",
  );
  const pushed = s.liveFrames.filter((f) => f.includes('"chain:event"') && f.includes("BookingCreated"));
  assert.ok(pushed.length >= 1, "the BookingCreated event reached the page over the websocket");
  assert.ok(
    s.liveFrames.some((f) => f.includes('"receipts.anchored"')),
    "an anchored batch was announced over the websocket",
  );
  await page.getByRole("group", { name: "Filter the feed" }).getByRole("button", { name: "booking" }).click();
  assert.ok((await feed.locator('[data-testid="feed-item"]').count()) >= 2);
  for (const kind of await feed
    .locator('[data-testid="feed-item"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-kind"))))
    assert.equal(kind, "booking", "the booking filter shows bookings only");
  await page.getByRole("group", { name: "Filter the feed" }).getByRole("button", { name: "all" }).click();
  await screenshot(page, "live-feed");
  assert.deepEqual(s.watcher.errors, []);
}
