import assert from "node:assert/strict";
import { test } from "node:test";
import { screenshot, withFailureScreenshots } from "../support/browser.js";
import { connectWallet, type E2eContext, signIn, url, visit } from "../support/app.js";
import { testAccount } from "../support/wallet.js";

/** The app loads, finds the injected wallet through EIP-6963, and signs in with a real SIWE signature. */
export function smokeJourney(ctx: () => E2eContext): void {
  test("home redirects to the marketplace and renders without errors", async () => {
    const v = await visit(ctx());
    try {
      await withFailureScreenshots(v.context, "smoke-home", async () => {
        const response = await v.page.goto(url(ctx(), "/"));
        assert.ok(response?.ok(), `GET / answered ${response?.status()}`);
        await v.page.waitForURL(/\/marketplace$/);
        await v.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Marketplace" }).waitFor();
        assert.equal(await v.page.getByRole("link", { name: "Marketplace" }).getAttribute("aria-current"), "page");
        assert.deepEqual(v.errors, []);
      });
    } finally {
      await v.close();
    }
  });

  test("connects the injected EIP-6963 wallet, signs in with SIWE, signs out and disconnects", async () => {
    const v = await visit(ctx(), { account: testAccount(4) });
    try {
      await withFailureScreenshots(v.context, "smoke-sign-in", async () => {
        await v.page.goto(url(ctx(), "/marketplace"));
        await connectWallet(v.page, v.wallet!);
        await signIn(v.page);
        const signatures = v.wallet!.calls.filter((c) => c.method === "personal_sign");
        assert.equal(signatures.length, 1, "one personal_sign for the SIWE message");
        const message = Buffer.from(((signatures[0]!.params as string[])[0] ?? "").slice(2), "hex").toString();
        assert.match(message, new RegExp(`^${new URL(ctx().stack.webUrl).host} wants you to sign in`));
        assert.match(message, new RegExp(v.wallet!.address));
        await screenshot(v.page, "marketplace-signed-in");

        await v.page.getByTestId("account-button").click();
        await v.page.getByTestId("sign-out").click();
        await v.page.getByTestId("sign-in").waitFor();
        await v.page.getByTestId("account-button").click();
        await v.page.getByTestId("disconnect").click();
        await v.page.getByTestId("connect-wallet").waitFor();
        assert.deepEqual(v.errors, []);
      });
    } finally {
      await v.close();
    }
  });
}
