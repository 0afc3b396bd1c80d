import { bytesToHex, stringToBytes, type Hex } from "viem";
import {
  InvalidShortStringError,
  type InvalidShortStringErrorType,
  maxShortStringBytes,
  ShortStringTooLongError,
  type ShortStringTooLongErrorType,
} from "../errors/shortString.js";

export type StringToBytes32ReturnType = Hex;
export type StringToBytes32ErrorType = ShortStringTooLongErrorType | InvalidShortStringErrorType;

/**
 * Encodes a short UTF-8 string (at most 31 bytes, no NUL) as a bytes32, right-padded with zeros:
 * the form the contracts use for instance ids, algorithm names and regions.
 *
 * @param value - The string, e.g. `"p2c"` or `"eu-west-1"`.
 * @returns The bytes32 as hex.
 * @throws {ShortStringTooLongError} When the string takes more than 31 UTF-8 bytes.
 * @throws {InvalidShortStringError} When it contains a NUL character (it would not decode back).
 *
 * @example
 * stringToBytes32('p2c')
 * // '0x7032630000000000000000000000000000000000000000000000000000000000'
 */
export function stringToBytes32(value: string): StringToBytes32ReturnType {
  const bytes = stringToBytes(value);
  if (bytes.length > maxShortStringBytes) throw new ShortStringTooLongError({ value, size: bytes.length });
  if (bytes.includes(0)) throw new InvalidShortStringError({ value, reason: "it contains a NUL character" });
  const padded = new Uint8Array(32);
  padded.set(bytes);
  return bytesToHex(padded);
}
