import { Transform } from "class-transformer";
import { isAcceptedAddress } from "../validators/address.validator.js";

/**
 * Query strings arrive as strings. These transforms convert only well-formed values and pass anything
 * else through unchanged, so the validators that follow reject it with a message (no silent `NaN`,
 * no `"1e3"` read as 1000, no `""` read as 0).
 */

/** `"42"` / `"-1"` → number; anything else unchanged (then `@IsInt()` rejects it). */
export const ToInt = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === "string" && /^-?\d{1,20}$/.test(value) ? Number(value) : value));

/** `"true"` / `"false"` → boolean; anything else unchanged (then `@IsBoolean()` rejects it). */
export const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }) => (value === "true" ? true : value === "false" ? false : value));

/**
 * Lowercases an accepted address (they are stored lowercase). A bad one, such as a mixed-case address
 * with a wrong checksum, is left as given so that `@IsEthAddress()` still sees and rejects it.
 */
export const ToAddress = (): PropertyDecorator =>
  Transform(({ value }) => (isAcceptedAddress(value) ? value.toLowerCase() : value));

/** Canonical decimal form of a digit string (`"007"` → `"7"`); anything else unchanged. */
export const ToCanonicalInteger = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === "string" && /^\d{1,78}$/.test(value) ? BigInt(value).toString() : value));
