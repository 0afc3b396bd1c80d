import { parseUnits } from "viem";
import { toQuery } from "./api";
import { tokenDecimals } from "./format";

/** Marketplace filters as kept in the page's URL (human units). */
export type MarketplaceFilters = {
  region: string;
  /** vCPU */
  minCpu: string;
  /** GB */
  minMemory: string;
  minGpu: string;
  /** DCX per hour */
  maxPrice: string;
  /** % */
  minReputation: string;
  available: boolean;
  sort: string;
  page: number;
};

export const marketplaceSorts = [
  { value: "newest", label: "Newest" },
  { value: "price", label: "Price: low to high" },
  { value: "-price", label: "Price: high to low" },
  { value: "-reputation", label: "Reputation" },
  { value: "-cpu", label: "Most CPU" },
  { value: "-memory", label: "Most memory" },
] as const;

export const pageSize = 12;

/** Reads the filters from a URL query (unknown or malformed values fall back to defaults). */
export function parseMarketplaceQuery(params: URLSearchParams): MarketplaceFilters {
  const num = (key: string) => {
    const v = params.get(key) ?? "";
    return /^\d+(\.\d+)?$/.test(v) ? v : "";
  };
  const sort = params.get("sort") ?? "newest";
  const page = Number(params.get("page") ?? "1");
  return {
    region: (params.get("region") ?? "").slice(0, 31),
    minCpu: num("minCpu"),
    minMemory: num("minMemory"),
    minGpu: num("minGpu"),
    maxPrice: num("maxPrice"),
    minReputation: num("minReputation"),
    available: params.get("available") === "1",
    sort: marketplaceSorts.some((s) => s.value === sort) ? sort : "newest",
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/** Writes filters back to a URL query, leaving out defaults so links stay short. */
export function toMarketplaceQuery(f: MarketplaceFilters): string {
  return toQuery({
    region: f.region.trim(),
    minCpu: f.minCpu,
    minMemory: f.minMemory,
    minGpu: f.minGpu,
    maxPrice: f.maxPrice,
    minReputation: f.minReputation,
    available: f.available ? 1 : undefined,
    sort: f.sort === "newest" ? undefined : f.sort,
    page: f.page > 1 ? f.page : undefined,
  });
}

/** The backend's `GET /resources` query for the filters (machine units: millicores, MB, wei/s, bps). */
export function toResourcesApiQuery(f: MarketplaceFilters): string {
  let maxPricePerSecond: string | undefined;
  if (f.maxPrice) {
    try {
      maxPricePerSecond = (parseUnits(f.maxPrice, tokenDecimals) / 3600n).toString();
    } catch {
      maxPricePerSecond = undefined;
    }
  }
  return toQuery({
    region: f.region.trim(),
    minCpuMillicores: f.minCpu ? Math.round(Number(f.minCpu) * 1000) : undefined,
    minMemoryMb: f.minMemory ? Math.round(Number(f.minMemory) * 1024) : undefined,
    minGpuCount: f.minGpu ? Math.floor(Number(f.minGpu)) : undefined,
    maxPricePerSecond,
    minReputationBps: f.minReputation ? Math.min(10_000, Math.round(Number(f.minReputation) * 100)) : undefined,
    available: f.available ? true : undefined,
    sort: f.sort,
    page: f.page,
    limit: pageSize,
  });
}
