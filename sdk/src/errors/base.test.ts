import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BaseError } from "./base.js";
import { version } from "./version.js";

describe("BaseError", () => {
  test("default", () => {
    const error = new BaseError("Something failed.");
    assert.equal(error.name, "BaseError");
    assert.equal(error.shortMessage, "Something failed.");
    assert.equal(error.message, `Something failed.\nVersion: @dcx/sdk@${version}`);
    assert.ok(error instanceof Error);
  });

  test("args: metaMessages, details", () => {
    const error = new BaseError("Something failed.", { metaMessages: ["a: 1"], details: "why" });
    assert.equal(error.message, `Something failed.\n\na: 1\n\nDetails: why\nVersion: @dcx/sdk@${version}`);
  });

  test("args: cause", () => {
    const cause = new Error("root cause");
    const error = new BaseError("Outer.", { cause });
    assert.equal(error.details, "root cause");
    assert.equal(error.cause, cause);
  });

  test("walk", () => {
    class InnerError extends BaseError {
      override name = "InnerError" as const;
    }
    const root = new Error("root");
    const inner = new InnerError("inner", { cause: root });
    const outer = new BaseError("outer", { cause: inner });
    assert.equal(outer.walk(), root);
    assert.equal(
      outer.walk((e) => e instanceof InnerError),
      inner,
    );
    assert.equal(
      outer.walk((e) => e instanceof TypeError),
      null,
    );
  });
});
