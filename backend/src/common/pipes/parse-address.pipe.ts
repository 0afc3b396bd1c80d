import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from "@nestjs/common";
import { ADDRESS_MESSAGE, isAcceptedAddress } from "../validators/address.validator.js";

/** Parses an address path parameter (lowercase or checksummed) into its lowercase form, else 400. */
@Injectable()
export class ParseAddressPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isAcceptedAddress(value)) throw new BadRequestException(`${metadata.data ?? "address"} ${ADDRESS_MESSAGE}`);
    return value.toLowerCase();
  }
}
