import { describe, expect, it } from "vitest";
import {
  formatBps,
  formatCpu,
  formatDuration,
  formatMemory,
  formatPricePerHour,
  formatRelative,
  formatSpecs,
  formatToken,
  pricePerPeriods,
  shortAddress,
  shortHash,
} from "./format";

describe("formatToken", () => {
  it("default", () => {
    expect(formatToken(1_234_500_000_000_000_000_000n)).toBe("1,234.5 DCX");
  });
  it("args: decimal string", () => {
    expect(formatToken("1000000000000000000")).toBe("1 DCX");
  });
  it("truncates instead of rounding up", () => {
    expect(formatToken(999_999_999_999_999_999n)).toBe("0.9999 DCX");
  });
  it("shows dust as below the smallest unit", () => {
    expect(formatToken(1n)).toBe("< 0.0001 DCX");
  });
  it("zero and missing values", () => {
    expect(formatToken(0n)).toBe("0 DCX");
    expect(formatToken(null)).toBe("—");
    expect(formatToken("")).toBe("—");
  });
  it("args: no symbol, more digits, negative", () => {
    expect(formatToken(1_500_000n * 10n ** 12n, { symbol: false, maxFractionDigits: 6 })).toBe("1.5");
    expect(formatToken(-2n * 10n ** 18n)).toBe("−2 DCX");
  });
});

describe("prices", () => {
  it("per hour and per day from per second", () => {
    expect(pricePerPeriods(10n ** 14n)).toEqual({ perHour: 36n * 10n ** 16n, perDay: 864n * 10n ** 16n });
    expect(formatPricePerHour("100000000000000")).toBe("0.36 DCX/h");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [45, "45s"],
    [90, "1m 30s"],
    [3600, "1h"],
    [3 * 3600 + 5 * 60 + 7, "3h 5m"],
    [2 * 86_400 + 4 * 3600, "2d 4h"],
    [86_400 + 59, "1d"],
    [7200n, "2h"],
  ])("%s → %s", (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
  it("errors: negative or not finite", () => {
    expect(formatDuration(-1)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
  it("relative", () => {
    expect(formatRelative(1000, 1000)).toBe("now");
    expect(formatRelative(1600, 1000)).toBe("in 10m");
    expect(formatRelative(1000, 1000 + 7200)).toBe("2h ago");
  });
});

describe("addresses and hashes", () => {
  it("checksums and shortens", () => {
    expect(shortAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")).toBe("0xf39F…2266");
  });
  it("leaves non-addresses alone", () => {
    expect(shortAddress("not-an-address")).toBe("not-an-address");
  });
  it("shortens hashes", () => {
    expect(shortHash(`0x${"ab".repeat(32)}`, 4)).toBe("0xabab…abab");
    expect(shortHash("0x1234")).toBe("0x1234");
  });
});

describe("specs", () => {
  it("bps, cpu, memory", () => {
    expect(formatBps(9990)).toBe("99.90%");
    expect(formatBps(10_000, 0)).toBe("100%");
    expect(formatCpu(500)).toBe("0.5 vCPU");
    expect(formatCpu(2000)).toBe("2 vCPU");
    expect(formatMemory(512)).toBe("512 MB");
    expect(formatMemory(4096)).toBe("4 GB");
    expect(formatMemory(1536)).toBe("1.5 GB");
  });

  it("a machine in one line, GPUs only when present", () => {
    expect(formatSpecs({ cpuMillicores: 2000, memoryMb: 4096, gpuCount: 0 })).toBe("2 vCPU · 4 GB");
    expect(formatSpecs({ cpuMillicores: 500, memoryMb: 512, gpuCount: 2 })).toBe("0.5 vCPU · 512 MB · 2 GPU");
  });
});
