import { bytesToString, hexToBytes, isHex, stringToBytes, type Hex } from "viem";
import {
  InvalidShortStringError,
  type InvalidShortStringErrorType,
  maxShortStringBytes,
  ShortStringTooLongError,
  type ShortStringTooLongErrorType,
} from "../errors/shortString.js";

export type Bytes32ToStringReturnType = string;
export type Bytes32ToStringErrorType = InvalidShortStringErrorType | ShortStringTooLongErrorType;

/**
 * Decodes a bytes32 short string written by {@link stringToBytes32}: UTF-8 bytes right-padded with zeros.
 *
 * @param value - A 32-byte hex value.
 * @returns The string, without the padding.
 * @throws {InvalidShortStringError} When the value is not 32 bytes of hex, has a zero byte before
 * the padding ends, or is not valid UTF-8.
 * @throws {ShortStringTooLongError} When all 32 bytes are used (no padding).
 *
 * @example
 * bytes32ToString('0x7032630000000000000000000000000000000000000000000000000000000000')
 * // 'p2c'
 */
export function bytes32ToString(value: Hex): Bytes32ToStringReturnType {
  if (!isHex(value, { strict: true }) || value.length !== 66) {
    throw new InvalidShortStringError({ value, reason: "expected 32 bytes of hex" });
  }
  const bytes = hexToBytes(value);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const content = bytes.subarray(0, end);
  if (content.includes(0))
    throw new InvalidShortStringError({ value, reason: "a zero byte appears before the padding" });
  const text = bytesToString(content);
  // Invalid UTF-8 decodes to U+FFFD replacement characters, which do not encode back to the same bytes.
  if (!sameBytes(stringToBytes(text), content)) {
    throw new InvalidShortStringError({ value, reason: "the bytes are not valid UTF-8" });
  }
  if (content.length > maxShortStringBytes) throw new ShortStringTooLongError({ value: text, size: content.length });
  return text;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
