import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { screenshotsDir } from "./paths.js";

/** Debian's Chromium (CI installs it); override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless Chromium for tests and benchmarks, with nothing that reaches the network on its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    timeout: 30_000,
  });
}

/** Bounds on every wait: an action or assertion that cannot complete fails with Playwright's message naming the locator. */
export const timeouts = { action: 15_000, navigation: 30_000, transaction: 30_000 } as const;

/** A context (fresh storage) with bounded waits, a desktop viewport, and browser errors collected. */
export async function newContext(browser: Browser): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: "light" });
  context.setDefaultTimeout(timeouts.action);
  context.setDefaultNavigationTimeout(timeouts.navigation);
  const errors: string[] = [];
  context.on("weberror", (e) => errors.push(e.error().message));
  return { context, errors };
}

/** Saves `frontend/e2e/screenshots/<name>.png` (the viewport and below, up to a screen and a half). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, animations: "disabled" });
  return file;
}

/** Runs `body`; on failure saves `screenshots/failures/<name>.png` of every open page, then rethrows. */
export async function withFailureScreenshots<T>(
  context: BrowserContext,
  name: string,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const dir = path.join(screenshotsDir, "failures");
    mkdirSync(dir, { recursive: true });
    const pages = context.pages();
    for (const [i, page] of pages.entries()) {
      const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, "-")}${pages.length > 1 ? `-${i}` : ""}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      const note = `screenshot of the failure: ${file} (at ${page.url()})`;
      if (error instanceof Error) {
        error.message += `\n  ${note}`;
        if (error.stack) error.stack = `${error.stack}\n  ${note}`;
      }
    }
    throw error;
  }
}
