/**
 * End-to-end tests of the web app in real Chromium against the real local stack: a Hardhat node with
 * a fresh deployment, the backend (indexer + API) on PGlite, and a production build of the app.
 * Wallets are injected EIP-1193 providers signing with Hardhat test keys (see `support/wallet.ts`).
 *
 *   npm run test:e2e -w frontend          (DCX_E2E_VERBOSE=1 prints the stack's logs)
 *
 * Screenshots of the main pages go to `e2e/screenshots/`, failures' to `e2e/screenshots/failures/`.
 */
import { after, before, describe } from "node:test";
import { lifecycleJourney } from "./journeys/lifecycle.js";
import { marketplaceJourney } from "./journeys/marketplace.js";
import { smokeJourney } from "./journeys/smoke.js";
import { walletJourney } from "./journeys/wallet.js";
import type { E2eContext } from "./support/app.js";
import { launchChromium } from "./support/browser.js";
import { startStack } from "./support/stack.js";

let ctx: E2eContext | undefined;
const get = (): E2eContext => {
  if (!ctx) throw new Error("the stack did not start (see the `before` hook's error)");
  return ctx;
};

before(
  async () => {
    const stack = await startStack();
    try {
      ctx = { stack, browser: await launchChromium() };
    } catch (error) {
      await stack.stop();
      throw error;
    }
  },
  { timeout: 600_000 },
);

after(
  async () => {
    await ctx?.browser.close();
    await ctx?.stack.stop();
  },
  { timeout: 60_000 },
);

describe("smoke", { timeout: 120_000 }, () => smokeJourney(get));
describe("wallet", { timeout: 120_000 }, () => walletJourney(get));
describe("marketplace", { timeout: 120_000 }, () => marketplaceJourney(get));
describe("provider → consumer → auditor", { timeout: 480_000 }, () => lifecycleJourney(get));
