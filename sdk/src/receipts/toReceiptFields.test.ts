import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { maxUint64 } from "viem";
import { InvalidReceiptError } from "../errors/receipt.js";
import { ShortStringTooLongError } from "../errors/shortString.js";
import { sampleReceipt } from "../test/receipts.js";
import { stringToBytes32 } from "../utils/stringToBytes32.js";
import { toReceiptFields } from "./toReceiptFields.js";
import type { Receipt } from "./types.js";

describe("toReceiptFields", () => {
  test("default", () => {
    const receipt = sampleReceipt(0);
    assert.deepEqual(toReceiptFields(receipt), {
      bookingId: receipt.bookingId,
      decisionId: receipt.decisionId,
      kind: 0,
      instanceId: stringToBytes32(receipt.instanceId),
      algorithm: stringToBytes32(receipt.algorithm),
      inputsHash: receipt.inputsHash,
      timestamp: receipt.timestamp,
    });
  });

  test("args: kind", () => {
    assert.equal(toReceiptFields({ ...sampleReceipt(0), kind: "route" }).kind, 0);
    assert.equal(toReceiptFields({ ...sampleReceipt(0), kind: "place" }).kind, 1);
    assert.equal(toReceiptFields({ ...sampleReceipt(0), kind: "scale" }).kind, 2);
  });

  test("args: extremes", () => {
    const fields = toReceiptFields({ ...sampleReceipt(0), bookingId: 0n, timestamp: maxUint64 });
    assert.equal(fields.bookingId, 0n);
    assert.equal(fields.timestamp, maxUint64);
  });

  describe("errors", () => {
    const cases: [string, Partial<Receipt>][] = [
      ["bookingId", { bookingId: -1n }],
      ["bookingId", { bookingId: 2n ** 256n }],
      ["bookingId", { bookingId: 1 as unknown as bigint }],
      ["decisionId", { decisionId: "0x1234" }],
      ["decisionId", { decisionId: `0x${"zz".repeat(32)}` }],
      ["kind", { kind: "reroute" as Receipt["kind"] }],
      ["instanceId", { instanceId: "i-".padEnd(32, "x") }],
      ["algorithm", { algorithm: "a\u0000" }],
      ["inputsHash", { inputsHash: `0x${"00".repeat(31)}` }],
      ["timestamp", { timestamp: maxUint64 + 1n }],
    ];
    for (const [field, change] of cases) {
      test(`${field}: ${JSON.stringify(change, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`, () => {
        assert.throws(
          () => toReceiptFields({ ...sampleReceipt(0), ...change }),
          (error: unknown) => error instanceof InvalidReceiptError && error.field === field,
        );
      });
    }

    test("a string too long is found in the cause", () => {
      try {
        toReceiptFields({ ...sampleReceipt(0), algorithm: "weighted-history-with-urgency-bonus" });
        assert.fail("expected an error");
      } catch (error) {
        assert.ok(error instanceof InvalidReceiptError);
        assert.match(error.shortMessage, /Invalid receipt field "algorithm"/);
        const cause = error.walk((e) => e instanceof ShortStringTooLongError);
        assert.ok(cause instanceof ShortStringTooLongError);
        assert.match(error.message, /at most 31 UTF-8 bytes/);
      }
    });
  });
});
