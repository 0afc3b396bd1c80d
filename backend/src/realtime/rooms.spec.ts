import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRoom, roomsOf, type RoomLookups } from "./rooms.js";

const PROVIDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const provider = PROVIDER.toLowerCase();
const empty = (): RoomLookups => ({ bookings: new Map(), resources: new Map() });

describe("parseRoom", () => {
  it("default", () => {
    assert.equal(parseRoom("global"), "global");
    assert.equal(parseRoom("booking:0"), "booking:0");
    assert.equal(parseRoom("resource:12"), "resource:12");
    assert.equal(parseRoom(`provider:${PROVIDER}`), `provider:${provider}`);
    assert.equal(parseRoom(`provider:${provider}`), `provider:${provider}`);
  });

  it("errors: not a room", () => {
    for (const name of [
      "",
      "Global",
      "booking:",
      "booking:01",
      "booking:-1",
      "booking:1e3",
      "resource: 1",
      "provider:0x12",
      "user:1",
      "booking:1:2",
    ]) {
      assert.equal(parseRoom(name), undefined, name);
    }
    for (const value of [undefined, null, 1, {}, ["global"]]) assert.equal(parseRoom(value), undefined);
    assert.equal(parseRoom(`booking:${"9".repeat(200)}`), undefined);
  });
});

describe("roomsOf", () => {
  it("args: bookingId, with the booking's resource and provider when known", () => {
    const lookups = empty();
    assert.deepEqual(roomsOf({ args: { bookingId: 7n } }, lookups), ["global", "booking:7"]);
    lookups.bookings.set("7", { resourceId: "3", provider });
    assert.deepEqual(roomsOf({ args: { bookingId: 7n } }, lookups), [
      "global",
      "booking:7",
      "resource:3",
      `provider:${provider}`,
    ]);
  });

  it("args: resourceId, with its provider when known", () => {
    const lookups = empty();
    lookups.resources.set("3", { provider });
    assert.deepEqual(roomsOf({ args: { resourceId: 3n } }, lookups), ["global", "resource:3", `provider:${provider}`]);
  });

  it("args: provider", () => {
    assert.deepEqual(roomsOf({ args: { provider: PROVIDER, stake: 1n } }, empty()), ["global", `provider:${provider}`]);
  });

  it("args: none of them", () => {
    assert.deepEqual(roomsOf({ args: { from: PROVIDER, value: 1n } }, empty()), ["global"]);
  });
});
