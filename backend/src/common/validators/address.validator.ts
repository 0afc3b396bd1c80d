import { registerDecorator, type ValidationOptions } from "class-validator";
import { isAddress } from "viem";

export const ADDRESS_MESSAGE = "must be a 0x-prefixed 20-byte hex address, all lowercase or checksummed (EIP-55)";

/** True for a lowercase or correctly checksummed address (a mixed-case address with a bad checksum is a typo). */
export function isAcceptedAddress(value: unknown): value is string {
  return typeof value === "string" && isAddress(value, { strict: true });
}

/** Validates an address given in a query string (pair it with `@ToLowerCase()`). */
export function IsEthAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: "isEthAddress",
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: isAcceptedAddress,
        defaultMessage: (args) => `${args?.property} ${ADDRESS_MESSAGE}`,
      },
    });
}
