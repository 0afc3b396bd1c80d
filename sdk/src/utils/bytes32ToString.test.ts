import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidShortStringError, ShortStringTooLongError } from "../errors/shortString.js";
import { bytes32ToString } from "./bytes32ToString.js";

describe("bytes32ToString", () => {
  test("default", () => {
    assert.equal(bytes32ToString(`0x703263${"00".repeat(29)}`), "p2c");
  });

  test("args: zero", () => {
    assert.equal(bytes32ToString(`0x${"00".repeat(32)}`), "");
  });

  describe("errors", () => {
    test("not 32 bytes", () => {
      assert.throws(() => bytes32ToString("0x7032"), InvalidShortStringError);
      assert.throws(() => bytes32ToString(`0x${"00".repeat(33)}`), InvalidShortStringError);
      assert.throws(() => bytes32ToString(`0x${"zz".repeat(32)}`), InvalidShortStringError);
    });

    test("no padding (32 bytes used)", () => {
      assert.throws(() => bytes32ToString(`0x${"61".repeat(32)}`), ShortStringTooLongError);
    });

    test("zero byte inside", () => {
      assert.throws(() => bytes32ToString(`0x610062${"00".repeat(29)}`), InvalidShortStringError);
    });

    test("invalid UTF-8", () => {
      assert.throws(() => bytes32ToString(`0xff${"00".repeat(31)}`), InvalidShortStringError);
    });
  });
});
