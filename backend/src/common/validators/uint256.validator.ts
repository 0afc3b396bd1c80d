import { registerDecorator, type ValidationOptions } from "class-validator";

export const UINT256_MAX = 2n ** 256n - 1n;

/** Validates a uint256 amount given as a decimal string (digits only, at most 2^256 − 1). */
export function IsUint256String(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: "isUint256String",
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === "string" && /^\d{1,78}$/.test(value) && BigInt(value) <= UINT256_MAX,
        defaultMessage: (args) =>
          `${args?.property} must be a decimal integer string from 0 to 2^256 - 1 (amounts are in wei)`,
      },
    });
}
