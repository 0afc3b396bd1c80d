import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { LocalAccount } from "viem";
import { newContext } from "./browser.js";
import type { E2eStack } from "./stack.js";
import { installWallet, type TestWallet } from "./wallet.js";

/** What every journey shares: the running stack and the browser (set in `before`). */
export type E2eContext = { stack: E2eStack; browser: Browser };

/** A browser context for one person, optionally with their wallet extension. */
export type Visitor = {
  context: BrowserContext;
  page: Page;
  wallet?: TestWallet;
  /** Uncaught errors the pages threw. */
  errors: string[];
  close(): Promise<void>;
};

/**
 * Opens a fresh browser context (own storage) for one person. With `account`, the context has the
 * injected test wallet for that key (see `wallet.ts`), starting on `chainId` (default 31337).
 */
export async function visit(
  ctx: E2eContext,
  options: { account?: LocalAccount; chainId?: number } = {},
): Promise<Visitor> {
  const { context, errors } = await newContext(ctx.browser);
  const wallet = options.account
    ? await installWallet(context, {
        account: options.account,
        rpcUrl: ctx.stack.chain.rpcUrl,
        initialChainId: options.chainId,
      })
    : undefined;
  const page = await context.newPage();
  return { context, page, wallet, errors, close: () => context.close() };
}

/** `path` on the web app. */
export function url(ctx: E2eContext, path: string): string {
  return new URL(path, ctx.stack.webUrl).toString();
}

/** Connects the injected test wallet through the wallet menu (EIP-6963 entry "E2E Test Wallet"). */
export async function connectWallet(page: Page, wallet: TestWallet): Promise<void> {
  await page.getByTestId("connect-wallet").click();
  await page.getByRole("menu", { name: "Wallets" }).getByRole("menuitem", { name: "E2E Test Wallet" }).first().click();
  await assertConnected(page, wallet);
}

/** The account button shows the wallet's address. */
export async function assertConnected(page: Page, wallet: TestWallet): Promise<void> {
  const account = page.getByTestId("account-button");
  await account.waitFor();
  assert.equal(await account.getAttribute("data-address"), wallet.address.toLowerCase());
}

/** Sign-In with Ethereum through the UI; resolves when the session is established. */
export async function signIn(page: Page): Promise<void> {
  await page.getByTestId("sign-in").click();
  await page.getByTestId("sign-in").waitFor({ state: "detached" });
  const error = page.getByTestId("sign-in-error");
  if (await error.isVisible()) assert.fail(`sign-in failed: ${await error.textContent()}`);
}

/** The page's SIWE session token (what the app keeps in sessionStorage after {@link signIn}). */
export async function sessionToken(page: Page): Promise<string> {
  const token = await page.evaluate(
    () => (JSON.parse(sessionStorage.getItem("dcx.session") ?? "null") as { token?: string } | null)?.token,
  );
  if (!token) assert.fail("the page holds no session: sign in first");
  return token;
}

/** Calls the backend (`<backend><path>`, JSON in and out); fails with the status and body when the answer is not 2xx. */
export async function api<T>(
  ctx: E2eContext,
  path: string,
  init: { token?: string; method?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(new URL(path, ctx.stack.backend.url), {
    method: init.method ?? "GET",
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) assert.fail(`${init.method ?? "GET"} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}
