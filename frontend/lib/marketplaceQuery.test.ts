import { describe, expect, it } from "vitest";
import { parseMarketplaceQuery, toMarketplaceQuery, toResourcesApiQuery } from "./marketplaceQuery";

describe("marketplace query", () => {
  it("default: empty URL → defaults", () => {
    const f = parseMarketplaceQuery(new URLSearchParams(""));
    expect(f).toMatchObject({ sort: "newest", page: 1, available: false, region: "" });
    expect(toMarketplaceQuery(f)).toBe("");
  });
  it("round-trips through the URL", () => {
    const q = "?region=eu-west-1&minCpu=2&maxPrice=3.6&available=1&sort=price&page=3";
    const f = parseMarketplaceQuery(new URLSearchParams(q));
    expect(toMarketplaceQuery(f)).toBe(q);
  });
  it("converts to the API's units", () => {
    const f = parseMarketplaceQuery(
      new URLSearchParams("minCpu=1.5&minMemory=2&minGpu=1&maxPrice=3.6&minReputation=95&sort=-reputation"),
    );
    const api = new URLSearchParams(toResourcesApiQuery(f));
    expect(Object.fromEntries(api)).toEqual({
      minCpuMillicores: "1500",
      minMemoryMb: "2048",
      minGpuCount: "1",
      maxPricePerSecond: "1000000000000000",
      minReputationBps: "9500",
      sort: "-reputation",
      page: "1",
      limit: "12",
    });
  });
  it("errors: malformed values fall back to defaults", () => {
    const f = parseMarketplaceQuery(new URLSearchParams("minCpu=abc&sort=evil&page=-2&maxPrice=1e3"));
    expect(f).toMatchObject({ minCpu: "", sort: "newest", page: 1, maxPrice: "" });
  });
});
