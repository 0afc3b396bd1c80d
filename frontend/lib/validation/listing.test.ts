import { describe, expect, it } from "vitest";
import { emptyListingForm, type ListingFormValues, validateListing } from "./listing";

const valid: ListingFormValues = { ...emptyListingForm, region: "eu-west-1", pricePerHour: "3.6" };

describe("validateListing", () => {
  it("default: converts to the contract's units", () => {
    const r = validateListing(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.args.spec).toMatchObject({ cpuMillicores: 2000, memoryMB: 4096, storageGB: 50, gpuCount: 0, capacity: 1 });
    expect(r.args.spec.region).toBe(`0x${Buffer.from("eu-west-1").toString("hex").padEnd(64, "0")}`);
    expect(r.args.pricePerSecond).toBe(10n ** 15n); // 3.6 DCX/h = 0.001 DCX/s
    expect(r.args.sla).toEqual({ uptimeTargetBps: 9990, penaltyBps: 1000, p95LatencyMs: 250, periodLength: 3600 });
  });

  it("args: fractional vCPU and memory", () => {
    const r = validateListing({ ...valid, cpuVcpu: "0.5", memoryGb: "1.5" });
    expect(r.ok && r.args.spec).toMatchObject({ cpuMillicores: 500, memoryMB: 1536 });
  });

  describe("errors", () => {
    it.each<[Partial<ListingFormValues>, keyof ListingFormValues]>([
      [{ region: "" }, "region"],
      [{ region: "x".repeat(32) }, "region"],
      [{ cpuVcpu: "0" }, "cpuVcpu"],
      [{ cpuVcpu: "abc" }, "cpuVcpu"],
      [{ memoryGb: "0" }, "memoryGb"],
      [{ capacity: "0" }, "capacity"],
      [{ capacity: "70000" }, "capacity"],
      [{ gpuCount: "-1" }, "gpuCount"],
      [{ storageGb: "1.5" }, "storageGb"],
      [{ pricePerHour: "" }, "pricePerHour"],
      [{ pricePerHour: "0" }, "pricePerHour"],
      [{ pricePerHour: "0.000000000000001" }, "pricePerHour"],
      [{ uptimeTargetPercent: "0" }, "uptimeTargetPercent"],
      [{ uptimeTargetPercent: "100.01" }, "uptimeTargetPercent"],
      [{ penaltyPercent: "101" }, "penaltyPercent"],
      [{ p95LatencyMs: "0" }, "p95LatencyMs"],
      [{ periodMinutes: "0.5" }, "periodMinutes"],
      [{ periodMinutes: "43201" }, "periodMinutes"],
    ])("%o is rejected on %s", (change, field) => {
      const r = validateListing({ ...valid, ...change });
      expect(r.ok).toBe(false);
      expect(Object.keys(r.errors)).toEqual([field]);
    });
  });

  it("errors: a price that is not a number says so (not that it is missing)", () => {
    expect(validateListing({ ...valid, pricePerHour: "3.6 DCX" }).errors).toEqual({
      pricePerHour: "Price per hour must be a number of DCX, e.g. 1.5.",
    });
    expect(validateListing({ ...valid, pricePerHour: " " }).errors).toEqual({
      pricePerHour: "Price per hour is required (DCX).",
    });
  });

  it("bounds that are allowed", () => {
    expect(validateListing({ ...valid, uptimeTargetPercent: "100", penaltyPercent: "0", periodMinutes: "1" }).ok).toBe(
      true,
    );
    expect(validateListing({ ...valid, periodMinutes: "43200", capacity: "65535" }).ok).toBe(true);
  });
});
