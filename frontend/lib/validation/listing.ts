import { stringToBytes32 } from "@dcx/sdk";
import { type Hex, parseUnits } from "viem";
import { tokenDecimals } from "../format";

/** A listing form as typed: every field a string. Price is per hour in DCX; SLA percentages in %. */
export type ListingFormValues = {
  region: string;
  cpuVcpu: string;
  memoryGb: string;
  storageGb: string;
  gpuCount: string;
  capacity: string;
  pricePerHour: string;
  uptimeTargetPercent: string;
  penaltyPercent: string;
  p95LatencyMs: string;
  periodMinutes: string;
};

/** What `listResource` / `updateResource` take, as the contract's structs. */
export type ListingArgs = {
  spec: {
    cpuMillicores: number;
    memoryMB: number;
    storageGB: number;
    gpuCount: number;
    capacity: number;
    region: Hex;
  };
  pricePerSecond: bigint;
  sla: { uptimeTargetBps: number; penaltyBps: number; p95LatencyMs: number; periodLength: number };
};

export type ListingValidation =
  | { ok: true; args: ListingArgs; errors: Record<string, never> }
  | { ok: false; args?: undefined; errors: Partial<Record<keyof ListingFormValues, string>> };

const UINT16_MAX = 65_535;
const UINT32_MAX = 4_294_967_295;
const UINT96_MAX = 2n ** 96n - 1n;
/** `ResourceMarketplace`'s SLA period bounds (MIN_SLA_PERIOD, MAX_SLA_PERIOD). */
export const minSlaPeriodSeconds = 60;
export const maxSlaPeriodSeconds = 30 * 86_400;

export const emptyListingForm: ListingFormValues = {
  region: "",
  cpuVcpu: "2",
  memoryGb: "4",
  storageGb: "50",
  gpuCount: "0",
  capacity: "1",
  pricePerHour: "",
  uptimeTargetPercent: "99.9",
  penaltyPercent: "10",
  p95LatencyMs: "250",
  periodMinutes: "60",
};

const decimal = /^\d+(\.\d+)?$/;
const integer = /^\d+$/;

/** Parses a non-negative decimal and scales it to an integer (`"1.5"`, 1000 → 1500); null when malformed or inexact. */
function scaled(value: string, factor: number): number | null {
  const v = value.trim();
  if (!decimal.test(v)) return null;
  const n = Math.round(Number(v) * factor);
  return Number.isSafeInteger(n) && Math.abs(n - Number(v) * factor) < 1e-6 ? n : null;
}

/**
 * Checks a listing form against `ResourceMarketplace`'s rules (`_validateListing` and the struct
 * widths) before anything is sent: cpu, memory and capacity above zero, a region of 1–31 UTF-8 bytes,
 * a price that is above zero per second, uptime target in (0, 100] %, penalty in [0, 100] %, a p95
 * bound above zero, a period of 1 minute to 30 days.
 */
export function validateListing(values: ListingFormValues): ListingValidation {
  const errors: Partial<Record<keyof ListingFormValues, string>> = {};

  let region: Hex | undefined;
  const regionText = values.region.trim();
  if (!regionText) errors.region = "Region is required.";
  else {
    try {
      region = stringToBytes32(regionText);
    } catch {
      errors.region = "Region must be at most 31 bytes.";
    }
  }

  const cpuMillicores = scaled(values.cpuVcpu, 1000);
  if (cpuMillicores === null || cpuMillicores <= 0 || cpuMillicores > UINT32_MAX)
    errors.cpuVcpu = "CPU must be above 0 (in vCPU, up to 3 decimals).";

  const memoryMB = scaled(values.memoryGb, 1024);
  if (memoryMB === null || memoryMB <= 0 || memoryMB > UINT32_MAX) errors.memoryGb = "Memory must be above 0 GB.";

  const storageGB = integer.test(values.storageGb.trim()) ? Number(values.storageGb) : null;
  if (storageGB === null || storageGB > UINT32_MAX) errors.storageGb = "Storage must be a whole number of GB.";

  const gpuCount = integer.test(values.gpuCount.trim()) ? Number(values.gpuCount) : null;
  if (gpuCount === null || gpuCount > UINT16_MAX) errors.gpuCount = `GPUs must be a whole number up to ${UINT16_MAX}.`;

  const capacity = integer.test(values.capacity.trim()) ? Number(values.capacity) : null;
  if (capacity === null || capacity < 1 || capacity > UINT16_MAX)
    errors.capacity = `Capacity must be between 1 and ${UINT16_MAX} concurrent bookings.`;

  let pricePerSecond: bigint | undefined;
  const priceText = values.pricePerHour.trim();
  if (!priceText) errors.pricePerHour = "Price per hour is required (DCX).";
  else if (!decimal.test(priceText)) errors.pricePerHour = "Price per hour must be a number of DCX, e.g. 1.5.";
  else {
    let perHour: bigint;
    try {
      perHour = parseUnits(priceText, tokenDecimals);
    } catch {
      perHour = 0n;
    }
    pricePerSecond = perHour / 3600n;
    if (pricePerSecond <= 0n) errors.pricePerHour = "Price is too low: it must be above 0 per second.";
    else if (pricePerSecond > UINT96_MAX) errors.pricePerHour = "Price is too high.";
  }

  const uptimeTargetBps = scaled(values.uptimeTargetPercent, 100);
  if (uptimeTargetBps === null || uptimeTargetBps <= 0 || uptimeTargetBps > 10_000)
    errors.uptimeTargetPercent = "Uptime target must be above 0 and at most 100 % (2 decimals).";

  const penaltyBps = scaled(values.penaltyPercent, 100);
  if (penaltyBps === null || penaltyBps > 10_000) errors.penaltyPercent = "Penalty must be between 0 and 100 %.";

  const p95LatencyMs = integer.test(values.p95LatencyMs.trim()) ? Number(values.p95LatencyMs) : null;
  if (p95LatencyMs === null || p95LatencyMs <= 0 || p95LatencyMs > UINT32_MAX)
    errors.p95LatencyMs = "p95 latency bound must be a whole number of ms above 0.";

  const periodSeconds = scaled(values.periodMinutes, 60);
  if (periodSeconds === null || periodSeconds < minSlaPeriodSeconds || periodSeconds > maxSlaPeriodSeconds)
    errors.periodMinutes = "SLA period must be between 1 minute and 30 days (43200 minutes).";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    errors: {},
    args: {
      spec: {
        cpuMillicores: cpuMillicores!,
        memoryMB: memoryMB!,
        storageGB: storageGB!,
        gpuCount: gpuCount!,
        capacity: capacity!,
        region: region!,
      },
      pricePerSecond: pricePerSecond!,
      sla: {
        uptimeTargetBps: uptimeTargetBps!,
        penaltyBps: penaltyBps!,
        p95LatencyMs: p95LatencyMs!,
        periodLength: periodSeconds!,
      },
    },
  };
}
