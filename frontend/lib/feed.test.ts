import { describe, expect, it } from "vitest";
import { chainEventToFeed, mergeFeed, messageToFeed, visibleFeed } from "./feed";

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

const event = (blockNumber: number, logIndex: number, name: string, args: Record<string, unknown> = {}) =>
  chainEventToFeed({ contract: "ResourceMarketplace", event: name, args, blockNumber, logIndex, blockTimestamp: 100 });

describe("chainEventToFeed", () => {
  it("marketplace events get their kind; token and role plumbing is `other`", () => {
    expect(event(1, 0, "BookingCreated", { bookingId: "3" }).kind).toBe("booking");
    expect(event(1, 1, "SchedulerAuthorized").kind).toBe("anchor");
    expect(event(1, 2, "StakeSlashed").kind).toBe("stake");
    expect(event(1, 3, "PenaltyApplied").kind).toBe("sla");
    for (const name of ["Transfer", "Approval", "RoleGranted", "StreamOpened", "StakeHeld", "DelegateChanged"])
      expect(event(1, 4, name).kind, name).toBe("other");
  });

  it("is ordered by block and log index, with the id the realtime message carries", () => {
    const item = event(12, 3, "BookingActivated", { bookingId: "3" });
    expect(item.id).toBe("12:3");
    expect(item.order).toEqual([12, 3]);
  });
});

describe("mergeFeed", () => {
  it("keeps newest first when an older page lands after live events", () => {
    const live = [event(20, 0, "BookingCreated"), event(21, 1, "BookingActivated")];
    let feed = mergeFeed([], [live[0]!], 200);
    feed = mergeFeed(feed, [live[1]!], 200);
    const seed = [event(5, 0, "ResourceListed"), event(19, 2, "ProviderRegistered"), event(20, 0, "BookingCreated")];
    feed = mergeFeed(feed, seed, 200);
    expect(feed.map((i) => i.id)).toEqual(["21:1", "20:0", "19:2", "5:0"]);
  });

  it("places a node message after the logs of the block it arrived at, messages in arrival order", () => {
    const scaled = messageToFeed("compute.scaled", { bookingId: "1", from: 1, to: 2 }, 0, { block: 20, seq: 0 });
    const anchored = messageToFeed("receipts.anchored", { batchId: "1", txHash: "0x1" }, 0, { block: 20, seq: 1 });
    const feed = mergeFeed([event(20, 5, "BookingCreated"), event(21, 0, "BookingActivated")], [anchored, scaled], 200);
    expect(feed.map((i) => i.title)).toEqual([
      "ResourceMarketplace.BookingActivated",
      "Receipts anchored",
      "Scaled up 1 → 2 instances",
      "ResourceMarketplace.BookingCreated",
    ]);
  });

  it("keeps each id once, and returns the same array when nothing is new", () => {
    const feed = mergeFeed([], [event(1, 0, "BookingCreated"), event(1, 0, "BookingCreated")], 200);
    expect(feed).toHaveLength(1);
    expect(mergeFeed(feed, [event(1, 0, "BookingCreated")], 200)).toBe(feed);
  });

  it("caps marketplace and plumbing items separately, so transfers cannot push bookings out", () => {
    const bookings = [event(1, 0, "BookingCreated"), event(2, 0, "BookingCreated")];
    const transfers = Array.from({ length: 10 }, (_, i) => event(10 + i, 0, "Transfer"));
    const feed = mergeFeed(bookings, transfers, 3);
    expect(feed.filter((i) => i.kind === "booking")).toHaveLength(2);
    expect(feed.filter((i) => i.kind === "other").map((i) => i.order[0])).toEqual([19, 18, 17]);
  });
});

describe("visibleFeed", () => {
  const items = [event(3, 0, "Transfer"), event(2, 0, "BookingCreated"), event(1, 0, "ResourceListed")];

  it("hides plumbing by default and shows it with allEvents", () => {
    expect(visibleFeed(items, { kind: "all", allEvents: false }).map((i) => i.kind)).toEqual(["booking", "listing"]);
    expect(visibleFeed(items, { kind: "all", allEvents: true })).toHaveLength(3);
  });

  it("filters one kind", () => {
    expect(visibleFeed(items, { kind: "listing", allEvents: true }).map((i) => i.id)).toEqual(["1:0"]);
  });
});
