import { registerDecorator, type ValidationOptions } from "class-validator";

/** The largest value of a PostgreSQL `bigint`: ids beyond it cannot be stored, so they are bad input, not unknown ids. */
export const INT8_MAX = 2n ** 63n - 1n;

/**
 * Why `value` is not an id (a decimal integer from 0 to 2^63 − 1, digits only), or `undefined` when it is.
 * Shared by {@link IsId} (query strings) and `ParseIdPipe` (paths), so both answer alike.
 */
export function idProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || !/^\d+$/.test(value)) return "must be a non-negative integer (digits only)";
  if (value.length > 19 || BigInt(value) > INT8_MAX) return `must not be greater than ${INT8_MAX}`;
  return undefined;
}

/** Validates a query-string id; keep it a string (compare it in SQL as `bigint`, see `sqlId`). */
export function IsId(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: "isId",
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => idProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property} ${idProblem(args?.value)}`,
      },
    });
}
