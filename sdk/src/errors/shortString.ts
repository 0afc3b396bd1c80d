import { BaseError } from "./base.js";

/** The most bytes a short string may take in a bytes32 (the rest is zero padding). */
export const maxShortStringBytes = 31;

export type ShortStringTooLongErrorType = ShortStringTooLongError & { name: "ShortStringTooLongError" };

/** A string does not fit in a bytes32 short string (at most 31 UTF-8 bytes). */
export class ShortStringTooLongError extends BaseError {
  override name = "ShortStringTooLongError" as const;

  constructor({ value, size }: { value: string; size: number }) {
    super(
      `String "${value}" is ${size} bytes long; a bytes32 short string holds at most ${maxShortStringBytes} UTF-8 bytes.`,
      {
        metaMessages: [
          `Shorten it (instance ids, algorithm names and regions are short codes such as "i-3f2a9c" or "p2c").`,
        ],
      },
    );
  }
}

export type InvalidShortStringErrorType = InvalidShortStringError & { name: "InvalidShortStringError" };

/** A value is not a short string: it contains a NUL character, or a bytes32 is not zero-padded UTF-8. */
export class InvalidShortStringError extends BaseError {
  override name = "InvalidShortStringError" as const;

  constructor({ value, reason }: { value: string; reason: string }) {
    super(`"${value}" is not a valid short string: ${reason}.`);
  }
}
