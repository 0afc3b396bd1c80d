import assert from "node:assert/strict";
import { test } from "node:test";
import { withFailureScreenshots } from "../support/browser.js";
import { connectWallet, type E2eContext, signIn, url, visit } from "../support/app.js";
import { testAccount } from "../support/wallet.js";

/** The wallet edge cases: a wallet on another network, and the built-in dev wallet of chain 31337. */
export function walletJourney(ctx: () => E2eContext): void {
  test("a wallet that moves to another network gets a prompt, and switching brings it back", async () => {
    const v = await visit(ctx(), { account: testAccount(5) });
    try {
      await withFailureScreenshots(v.context, "wallet-wrong-network", async () => {
        const { page } = v;
        await page.goto(url(ctx(), "/marketplace"));
        await connectWallet(page, v.wallet!);
        await v.wallet!.userSwitchesChain(1);
        await page.getByRole("alert").filter({ hasText: "Wrong network" }).waitFor();
        await page.getByTestId("switch-network").click();
        await page.getByTestId("account-button").waitFor();
        assert.equal(v.wallet!.chainId(), 31337);
        const switches = v.wallet!.calls.filter((c) => c.method === "wallet_switchEthereumChain");
        assert.deepEqual(switches.at(-1)?.params, [{ chainId: "0x7a69" }]);
        assert.equal(await page.getByText("Wrong network").count(), 0);
      });
    } finally {
      await v.close();
    }
  });

  test("the dev wallet (chain 31337 only) connects a funded test account and signs in without an extension", async () => {
    const v = await visit(ctx());
    try {
      await withFailureScreenshots(v.context, "wallet-dev", async () => {
        const { page } = v;
        await page.goto(url(ctx(), "/marketplace"));
        await page.getByTestId("connect-wallet").click();
        await page.getByRole("menu", { name: "Wallets" }).getByText("Dev wallet").waitFor();
        await page.getByTestId("dev-wallet-4").click();
        const account = page.getByTestId("account-button");
        await account.waitFor();
        assert.equal(await account.getAttribute("data-address"), testAccount(4).address.toLowerCase());
        await signIn(page);
        assert.deepEqual(v.errors, []);
      });
    } finally {
      await v.close();
    }
  });

  test("sign-in refused in the wallet shows why and leaves the visitor signed out", async () => {
    const v = await visit(ctx(), { account: testAccount(6) });
    try {
      await withFailureScreenshots(v.context, "wallet-sign-in-refused", async () => {
        const { page } = v;
        await page.goto(url(ctx(), "/marketplace"));
        await connectWallet(page, v.wallet!);
        v.wallet!.refuseNext("personal_sign");
        await page.getByTestId("sign-in").click();
        await page
          .getByTestId("sign-in-error")
          .filter({ hasText: /reject/i })
          .waitFor();
        await page.getByTestId("sign-in").waitFor();
      });
    } finally {
      await v.close();
    }
  });
}
