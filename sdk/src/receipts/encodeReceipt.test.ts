import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeAbiParameters, size, sliceHex } from "viem";
import { InvalidReceiptError } from "../errors/receipt.js";
import { sampleReceipt } from "../test/receipts.js";
import { stringToBytes32 } from "../utils/stringToBytes32.js";
import { encodeReceipt } from "./encodeReceipt.js";
import { receiptAbiParameters } from "./types.js";

describe("encodeReceipt", () => {
  test("default", () => {
    const r = sampleReceipt(2);
    const encoded = encodeReceipt(r);
    // Seven static values, one 32-byte word each, in the contract's order.
    assert.equal(size(encoded), 7 * 32);
    assert.equal(BigInt(sliceHex(encoded, 0, 32)), r.bookingId);
    assert.equal(sliceHex(encoded, 32, 64), r.decisionId);
    assert.equal(BigInt(sliceHex(encoded, 64, 96)), 2n); // scale
    assert.equal(sliceHex(encoded, 96, 128), stringToBytes32(r.instanceId));
    assert.equal(sliceHex(encoded, 128, 160), stringToBytes32(r.algorithm));
    assert.equal(sliceHex(encoded, 160, 192), r.inputsHash);
    assert.equal(BigInt(sliceHex(encoded, 192, 224)), r.timestamp);
  });

  test("round trip (decodeAbiParameters)", () => {
    const r = sampleReceipt(3);
    const [bookingId, decisionId, kind, , , inputsHash, timestamp] = decodeAbiParameters(
      receiptAbiParameters,
      encodeReceipt(r),
    );
    assert.deepEqual(
      { bookingId, decisionId, kind, inputsHash, timestamp },
      {
        bookingId: r.bookingId,
        decisionId: r.decisionId,
        kind: 0,
        inputsHash: r.inputsHash,
        timestamp: r.timestamp,
      },
    );
  });

  describe("errors", () => {
    test("invalid field", () => {
      assert.throws(() => encodeReceipt({ ...sampleReceipt(0), instanceId: "x".repeat(32) }), InvalidReceiptError);
    });
  });
});
