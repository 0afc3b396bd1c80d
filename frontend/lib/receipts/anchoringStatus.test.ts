import { describe, expect, it } from "vitest";
import { anchoringStatus } from "./anchoringStatus";

const me = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const other = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const k1 = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
const k2 = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";

describe("anchoringStatus", () => {
  it("none: the node has no scheduler key", () => {
    expect(anchoringStatus([], me)).toEqual({ kind: "none" });
  });

  it("authorized: a key anchors for the provider (addresses compared case-insensitively)", () => {
    const schedulers = [
      { address: k1, provider: other },
      { address: k2, provider: me.toLowerCase() },
    ];
    expect(anchoringStatus(schedulers, me)).toEqual({ kind: "authorized", scheduler: k2 });
  });

  it("available: the first free key, when none serves the provider", () => {
    const schedulers = [
      { address: k1, provider: other },
      { address: k2, provider: null },
    ];
    expect(anchoringStatus(schedulers, me)).toEqual({ kind: "available", scheduler: k2 });
  });

  it("authorized wins over a free key", () => {
    const schedulers = [
      { address: k1, provider: null },
      { address: k2, provider: me },
    ];
    expect(anchoringStatus(schedulers, me).kind).toBe("authorized");
  });

  it("taken: every key serves another provider", () => {
    expect(anchoringStatus([{ address: k1, provider: other }], me)).toEqual({ kind: "taken" });
  });
});
