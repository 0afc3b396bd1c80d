import { after, before, test } from "node:test";
import { type E2eContext, visit } from "../support/app.js";
import { withFailureScreenshots } from "../support/browser.js";
import { market } from "../support/market.js";
import { testAccount } from "../support/wallet.js";
import { anchoredReceipt, auditorVerifies } from "./lifecycle/auditor.js";
import { consumerBooks, consumerSeesReceipt, consumerWatchesCompute } from "./lifecycle/consumer.js";
import { liveFeedShowsTheJourney, watcherOpensLiveFeed } from "./lifecycle/live.js";
import { providerActivatesBooking, providerRegistersAndLists } from "./lifecycle/provider.js";
import { CONSUMER_ACCOUNT, type LifecycleState, PROVIDER_ACCOUNT } from "./lifecycle/state.js";

/**
 * The journey, one step per test, each building on the previous: a provider lists a resource
 * → a consumer books it → the provider activates it and the compute plane serves it → an auditor
 * verifies one of its scheduling receipts against the chain; the live feed watches it all.
 */
export function lifecycleJourney(ctx: () => E2eContext): void {
  let state: LifecycleState | undefined;
  const s = (): LifecycleState => {
    if (!state) throw new Error("the journey's browser contexts did not open (see the `before` hook's error)");
    return state;
  };
  /** Runs `step` with failure screenshots of every page the step's person has open. */
  const step = (
    name: string,
    who: "provider" | "consumer" | "watcher",
    body: (st: LifecycleState) => Promise<void>,
  ): Promise<void> => withFailureScreenshots(s()[who].context, `lifecycle-${name}`, () => body(s()));

  before(async () => {
    const m = market(ctx().stack.chain);
    await m.fund(PROVIDER_ACCOUNT);
    await m.fund(CONSUMER_ACCOUNT);
    state = {
      provider: await visit(ctx(), { account: testAccount(PROVIDER_ACCOUNT) }),
      consumer: await visit(ctx(), { account: testAccount(CONSUMER_ACCOUNT) }),
      watcher: await visit(ctx()),
      liveFrames: [],
    };
    await watcherOpensLiveFeed(ctx(), state);
  });

  after(async () => {
    for (const v of [state?.provider, state?.consumer, state?.watcher]) await v?.close();
  });

  test("1. the provider registers with a stake and lists a resource from the console", { timeout: 90_000 }, () =>
    step("provider-lists", "provider", (st) => providerRegistersAndLists(ctx(), st)),
  );

  test("2. the consumer finds it, books it (pending → confirmed) and sees it in My bookings", { timeout: 90_000 }, () =>
    step("consumer-books", "consumer", (st) => consumerBooks(ctx(), st)),
  );

  test("3. the provider activates the booking from the console", { timeout: 60_000 }, () =>
    step("provider-activates", "provider", (st) => providerActivatesBooking(ctx(), st)),
  );

  test(
    "4. the consumer sees endpoint, instances and live charts; traffic moves throughput; algorithm switch",
    { timeout: 90_000 },
    () => step("consumer-compute", "consumer", (st) => consumerWatchesCompute(ctx(), st)),
  );

  test(
    "5. an auditor without a wallet verifies a receipt of the booking, rejects a tampered one, opens the provider record",
    { timeout: 90_000 },
    async () => {
      const proof = await anchoredReceipt(ctx(), s());
      await step("consumer-receipt", "consumer", (st) =>
        consumerSeesReceipt(st, proof.receipt.decisionId, proof.batchId!),
      );
      await auditorVerifies(ctx(), s(), proof);
    },
  );

  test("6. the live feed showed the booking and the anchoring as they happened", { timeout: 60_000 }, () =>
    step("live-feed", "watcher", (st) => liveFeedShowsTheJourney(ctx(), st)),
  );
}
