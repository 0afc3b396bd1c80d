import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sampleReceipt, sampleReceipts } from "../test/receipts.js";
import { stringToBytes32 } from "../utils/stringToBytes32.js";
import { fromReceiptLeafValues } from "./fromReceiptLeafValues.js";
import { toReceiptLeafValues } from "./toReceiptLeafValues.js";

describe("toReceiptLeafValues", () => {
  test("default", () => {
    const r = sampleReceipt(4);
    assert.deepEqual(toReceiptLeafValues(r), [
      r.bookingId.toString(),
      r.decisionId,
      1,
      stringToBytes32(r.instanceId),
      stringToBytes32(r.algorithm),
      r.inputsHash,
      r.timestamp.toString(),
    ]);
  });

  test("JSON-safe", () => {
    const values = toReceiptLeafValues(sampleReceipt(1));
    assert.deepEqual(JSON.parse(JSON.stringify(values)), values);
  });

  test("round trip (fromReceiptLeafValues)", () => {
    for (const receipt of sampleReceipts(21))
      assert.deepEqual(fromReceiptLeafValues(toReceiptLeafValues(receipt)), receipt);
  });
});
