import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidShortStringError, ShortStringTooLongError } from "../errors/shortString.js";
import { bytes32ToString } from "./bytes32ToString.js";
import { stringToBytes32 } from "./stringToBytes32.js";

describe("stringToBytes32", () => {
  test("default", () => {
    assert.equal(stringToBytes32("p2c"), `0x703263${"00".repeat(29)}`);
  });

  test("args: empty string", () => {
    assert.equal(stringToBytes32(""), `0x${"00".repeat(32)}`);
  });

  test("args: 31 bytes (the limit)", () => {
    const value = "a".repeat(31);
    assert.equal(stringToBytes32(value), `0x${"61".repeat(31)}00`);
  });

  test("round trip", () => {
    for (const value of [
      "",
      "rr",
      "least-connections",
      "eu-west-1",
      "i-3f2a9c",
      "q-learning",
      "ünïcødé ✓",
      "a".repeat(31),
    ]) {
      assert.equal(bytes32ToString(stringToBytes32(value)), value);
    }
  });

  describe("errors", () => {
    test("longer than 31 bytes", () => {
      assert.throws(
        () => stringToBytes32("a".repeat(32)),
        (error: unknown) => {
          assert.ok(error instanceof ShortStringTooLongError);
          assert.equal(error.name, "ShortStringTooLongError");
          assert.match(error.shortMessage, /is 32 bytes long; a bytes32 short string holds at most 31 UTF-8 bytes/);
          return true;
        },
      );
    });

    test("counts UTF-8 bytes, not characters", () => {
      // 16 two-byte characters = 32 bytes.
      assert.throws(() => stringToBytes32("é".repeat(16)), ShortStringTooLongError);
      assert.equal(bytes32ToString(stringToBytes32("é".repeat(15))), "é".repeat(15));
    });

    test("NUL character", () => {
      assert.throws(() => stringToBytes32("a\u0000b"), InvalidShortStringError);
    });
  });
});
