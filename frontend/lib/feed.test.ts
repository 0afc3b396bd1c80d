import { describe, expect, it } from "vitest";
import { messageToFeed } from "./feed";

describe("messageToFeed", () => {
  it("a scaling event names the step, the booking and the reason, and links to the booking", () => {
    const item = messageToFeed(
      "compute.scaled",
      { bookingId: "7", from: 1, to: 3, action: "up", reason: "inflight 9.0 > target 4" },
      1_000,
    );
    expect(item.kind).toBe("scaling");
    expect(item.title).toBe("Scaled up 1 → 3 instances");
    expect(item.detail).toBe("booking #7 · inflight 9.0 > target 4");
    expect(item.href).toBe("/bookings/7");
  });

  it("an instance event names the instance and what happened to it", () => {
    const item = messageToFeed("compute.instance", { bookingId: "2", instanceId: "b2-i3", event: "crashed" }, 5);
    expect(item.title).toBe("Instance b2-i3 crashed");
    expect(item.detail).toBe("booking #2");
  });

  it("an anchored batch is an anchor line with its size and provider", () => {
    const item = messageToFeed(
      "receipts.anchored",
      { batchId: "4", txHash: "0xabc", count: 12, provider: "0x1234567890abcdef1234567890abcdef12345678" },
      9,
    );
    expect(item).toMatchObject({ kind: "anchor", title: "Receipts anchored", timestamp: 9 });
    expect(item.detail).toBe("batch #4 · 12 receipts · provider 0x12345678…");
  });

  it("a message without a payload still makes a line instead of throwing", () => {
    expect(messageToFeed("compute.scaled", null, 1)).toMatchObject({
      kind: "scaling",
      title: "compute.scaled",
      detail: "",
    });
  });
});
