import { describe, expect, it } from "vitest";
import { activationDeadline } from "./bookingState";

describe("activationDeadline", () => {
  it("a requested booking: the deadline, how far away in chain time", () => {
    expect(activationDeadline({ state: "requested", provisionDeadline: 1_000 }, 400)).toEqual({
      deadline: 1_000,
      passed: false,
      relative: "in 10m",
    });
  });

  it("passed once chain time is beyond it (the consumer can reclaim)", () => {
    expect(activationDeadline({ state: "requested", provisionDeadline: 1_000 }, 1_060)).toMatchObject({
      passed: true,
      relative: "1m ago",
    });
  });

  it("without chain time, the deadline alone", () => {
    expect(activationDeadline({ state: "requested", provisionDeadline: 1_000 }, null)).toEqual({
      deadline: 1_000,
      passed: false,
      relative: null,
    });
  });

  it("no deadline for other states", () => {
    for (const state of ["active", "expired", "ended", "cancelled"])
      expect(activationDeadline({ state, provisionDeadline: 1_000 }, 0)).toBeNull();
  });
});
