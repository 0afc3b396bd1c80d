import assert from "node:assert/strict";
import { before, test } from "node:test";
import { screenshot, withFailureScreenshots } from "../support/browser.js";
import { type E2eContext, url, visit } from "../support/app.js";
import { market } from "../support/market.js";

/** Listings seeded from Node (provider account #2, 20 varied listings), browsed and filtered in the UI. */
export function marketplaceJourney(ctx: () => E2eContext): void {
  before(async () => {
    const m = market(ctx().stack.chain);
    await m.fund(2);
    await m.registerProvider(2);
    await m.listMany(2, 20);
    await ctx().stack.backend.synced();
  });

  test("lists, paginates and filters by region and GPUs, agreeing with the API", async () => {
    const v = await visit(ctx());
    try {
      await withFailureScreenshots(v.context, "marketplace-filters", async () => {
        const { page } = v;
        await page.goto(url(ctx(), "/marketplace"));
        const cards = page.getByTestId("listing-card");
        await cards.first().waitFor();
        const all = (await (await fetch(`${ctx().stack.backend.url}/resources?limit=1`)).json()) as { total: number };
        assert.ok(all.total >= 20, `the API lists ${all.total} resources`);
        assert.equal(await page.getByTestId("results-count").textContent(), `${all.total} listings`);
        assert.equal(await cards.count(), 12, "a page holds 12 listings");
        await screenshot(page, "marketplace");

        await page.getByRole("navigation", { name: "Pagination" }).getByRole("button", { name: "Next" }).click();
        await page.getByTestId("page-indicator").filter({ hasText: "Page 2 of" }).waitFor();
        await page.waitForURL(/page=2/);

        const filters = page.getByRole("form", { name: "Filters" });
        await filters.getByLabel("Region").fill("eu-west-1");
        await filters.getByLabel("Min GPUs").fill("2");
        await filters.getByRole("button", { name: "Apply" }).click();
        await page.waitForURL(/region=eu-west-1/);
        // Seeded: listings 5 and 10 (of 0..19) are in eu-west-1 with 3 and 2 GPUs.
        const api = (await (
          await fetch(`${ctx().stack.backend.url}/resources?region=eu-west-1&minGpuCount=2&limit=50`)
        ).json()) as { total: number; items: { id: number; region: string; gpuCount: number }[] };
        assert.ok(api.total >= 2, `the API finds ${api.total} eu-west-1 listings with ≥ 2 GPUs`);
        await page
          .getByTestId("results-count")
          .filter({ hasText: `${api.total} listing` })
          .waitFor();
        const shown = await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-resource-id"))));
        assert.deepEqual(
          [...shown].sort((a, b) => a - b),
          api.items.map((r) => r.id).sort((a, b) => a - b),
        );
        for (const text of await cards.allTextContents()) {
          assert.match(text, /eu-west-1/i);
          assert.match(text, /[2-9] GPU/);
        }
        await screenshot(page, "marketplace-filtered");
        assert.deepEqual(v.errors, []);
      });
    } finally {
      await v.close();
    }
  });
}
