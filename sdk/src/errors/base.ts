import { version } from "./version.js";

export type BaseErrorParameters = {
  /** The error that caused this one. Its message becomes `details` unless `details` is given. */
  cause?: unknown;
  /** Longer explanation, printed after the meta messages. */
  details?: string | undefined;
  /** Extra lines printed under the short message (values involved, hints). */
  metaMessages?: string[] | undefined;
  /** The error's name; subclasses set a literal. */
  name?: string | undefined;
};

export type BaseErrorType = BaseError & { name: "BaseError" };

/**
 * Base of every error the sdk throws, shaped like viem's `BaseError`: a one-line `shortMessage`,
 * optional `metaMessages` and `details`, the original `cause`, and {@link BaseError.walk} to find
 * a specific error in the cause chain.
 *
 * @example
 * import { BaseError, ShortStringTooLongError } from '@dcx/sdk'
 *
 * try {
 *   stringToBytes32('a'.repeat(40))
 * } catch (error) {
 *   if (error instanceof BaseError) {
 *     const tooLong = error.walk((e) => e instanceof ShortStringTooLongError)
 *   }
 * }
 */
export class BaseError extends Error {
  /** The first line of the message, without meta messages, details or version. */
  shortMessage: string;
  details: string;
  metaMessages: string[] | undefined;
  version: string;

  override name = "BaseError";

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = (() => {
      if (parameters.details !== undefined) return parameters.details;
      if (parameters.cause instanceof BaseError) return parameters.cause.details || parameters.cause.shortMessage;
      if (parameters.cause instanceof Error) return parameters.cause.message;
      return "";
    })();
    const message = [
      shortMessage || "An error occurred.",
      ...(parameters.metaMessages?.length ? ["", ...parameters.metaMessages] : []),
      ...(details ? ["", `Details: ${details}`] : []),
      `Version: @dcx/sdk@${version}`,
    ].join("\n");

    super(message, parameters.cause !== undefined ? { cause: parameters.cause } : undefined);

    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = parameters.metaMessages;
    this.version = version;
    if (parameters.name) this.name = parameters.name;
  }

  /** Returns the deepest error in the `cause` chain. */
  walk(): Error;
  /** Returns the first error in the `cause` chain (this one included) for which `fn` is true, or null. */
  walk(fn: (error: unknown) => boolean): Error | null;
  walk(fn?: (error: unknown) => boolean): Error | null {
    return walk(this, fn);
  }
}

function walk(error: unknown, fn?: (error: unknown) => boolean): Error | null {
  if (fn?.(error)) return error as Error;
  if (error && typeof error === "object" && "cause" in error && error.cause !== undefined) {
    return walk(error.cause, fn);
  }
  return fn ? null : (error as Error);
}
