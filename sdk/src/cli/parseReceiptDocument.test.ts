import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseReceiptDocument, ReceiptDocumentError } from "./parseReceiptDocument.js";

const h = (byte: string) => `0x${byte.repeat(32)}`;
const document = {
  receipt: {
    bookingId: "7",
    decisionId: h("ab"),
    kind: "route",
    instanceId: "i-1",
    algorithm: "p2c",
    inputsHash: h("cd"),
    timestamp: 1_760_000_000,
  },
  proof: [h("01"), h("02")],
  batchId: 3,
  root: h("ef"),
};

describe("parseReceiptDocument", () => {
  it("reads the backend's GET /receipts/:id shape, integers as numbers or strings", () => {
    const parsed = parseReceiptDocument(document);
    assert.equal(parsed.batchId, 3n);
    assert.equal(parsed.receipt.bookingId, 7n);
    assert.equal(parsed.receipt.timestamp, 1_760_000_000n);
    assert.equal(parsed.receipt.kind, "route");
    assert.deepEqual(parsed.proof, [h("01"), h("02")]);
    assert.equal(parseReceiptDocument({ ...document, batchId: "3" }).batchId, 3n);
  });

  it("names the field that is wrong", () => {
    const cases: [unknown, RegExp][] = [
      [null, /JSON object/],
      [[], /JSON object/],
      [{ ...document, receipt: "x" }, /receipt must be an object/],
      [
        { ...document, receipt: { ...document.receipt, kind: "steal" } },
        /receipt.kind must be one of route, place, scale/,
      ],
      [{ ...document, receipt: { ...document.receipt, decisionId: "0x12" } }, /receipt.decisionId must be 32 bytes/],
      [
        { ...document, receipt: { ...document.receipt, bookingId: -1 } },
        /receipt.bookingId must be a non-negative integer/,
      ],
      [{ ...document, receipt: { ...document.receipt, bookingId: "1e3" } }, /receipt.bookingId/],
      [
        { ...document, receipt: { ...document.receipt, instanceId: "" } },
        /receipt.instanceId must be a non-empty string/,
      ],
      [{ ...document, proof: "0x" }, /proof must be an array/],
      [{ ...document, proof: [h("01"), "0xzz"] }, /proof\[1\] must be 32 bytes/],
      [{ ...document, batchId: null }, /not anchored/],
      [{ ...document, batchId: 1.5 }, /batchId must be a non-negative integer/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => parseReceiptDocument(input),
        (e: unknown) => e instanceof ReceiptDocumentError && message.test(e.message),
      );
    }
  });
});
