import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidReceiptError } from "../errors/receipt.js";
import { sampleReceipts } from "../test/receipts.js";
import { fromReceiptFields } from "./fromReceiptFields.js";
import { toReceiptFields } from "./toReceiptFields.js";

describe("fromReceiptFields", () => {
  test("round trip", () => {
    for (const receipt of sampleReceipts(21)) assert.deepEqual(fromReceiptFields(toReceiptFields(receipt)), receipt);
  });

  describe("errors", () => {
    test("unknown kind", () => {
      const fields = { ...toReceiptFields(sampleReceipts(1)[0]!), kind: 3 };
      assert.throws(
        () => fromReceiptFields(fields),
        (e: unknown) => e instanceof InvalidReceiptError && e.field === "kind",
      );
    });

    test("bytes32 that is not a short string", () => {
      const fields = { ...toReceiptFields(sampleReceipts(1)[0]!), algorithm: `0x${"61".repeat(32)}` as const };
      assert.throws(
        () => fromReceiptFields(fields),
        (e: unknown) => e instanceof InvalidReceiptError && e.field === "algorithm",
      );
    });
  });
});
