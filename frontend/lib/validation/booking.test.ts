import { describe, expect, it } from "vitest";
import { validateBooking } from "./booking";

const price = 10n ** 15n; // 0.001 DCX/s

describe("validateBooking", () => {
  it("default: cost = price × duration", () => {
    expect(validateBooking({ amount: "2", unit: "hours", pricePerSecond: price })).toEqual({
      ok: true,
      durationSeconds: 7200,
      cost: 72n * 10n ** 17n,
    });
  });
  it("args: minutes and days, fractions", () => {
    expect(validateBooking({ amount: "30", unit: "minutes", pricePerSecond: price }).durationSeconds).toBe(1800);
    expect(validateBooking({ amount: "1.5", unit: "days", pricePerSecond: price }).durationSeconds).toBe(129_600);
  });
  describe("errors", () => {
    it("empty, malformed, zero", () => {
      expect(validateBooking({ amount: "", unit: "hours", pricePerSecond: price }).ok).toBe(false);
      expect(validateBooking({ amount: "-1", unit: "hours", pricePerSecond: price }).error).toBe("Enter a duration.");
      expect(validateBooking({ amount: "0", unit: "hours", pricePerSecond: price }).error).toMatch(/above zero/);
    });
    it("above the marketplace maximum", () => {
      const r = validateBooking({ amount: "31", unit: "days", pricePerSecond: price, maxDurationSeconds: 30 * 86_400 });
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/maximum of 720 hours/);
    });
    it("balance too low (cost still shown)", () => {
      const r = validateBooking({ amount: "1", unit: "hours", pricePerSecond: price, balance: 10n ** 18n });
      expect(r.ok).toBe(false);
      expect(r.cost).toBe(36n * 10n ** 17n);
      expect(r.error).toMatch(/Insufficient/);
    });
  });
});
