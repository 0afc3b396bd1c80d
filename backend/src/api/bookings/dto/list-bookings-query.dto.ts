import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsIn, IsOptional } from "class-validator";
import { PaginationQueryDto } from "../../../common/dto/pagination.dto.js";
import { ToAddress, ToCanonicalInteger } from "../../../common/transformers/query.transformer.js";
import { IsEthAddress } from "../../../common/validators/address.validator.js";
import { IsId } from "../../../common/validators/id.validator.js";
import { BOOKING_STATES, type BookingState } from "../booking-state.js";

/** `GET /bookings` filters and page. */
export class ListBookingsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: "Consumer address (lowercase or checksummed)." })
  @IsOptional()
  @ToAddress()
  @IsEthAddress()
  readonly consumer?: string;

  @ApiPropertyOptional({ description: "Provider address (lowercase or checksummed)." })
  @IsOptional()
  @ToAddress()
  @IsEthAddress()
  readonly provider?: string;

  @ApiPropertyOptional({ description: "Resource id (decimal).", example: "1" })
  @IsOptional()
  @ToCanonicalInteger()
  @IsId()
  readonly resourceId?: string;

  @ApiPropertyOptional({
    enum: BOOKING_STATES,
    description: "Effective state: `ended` and `expired` are derived from the indexed chain time.",
  })
  @IsOptional()
  @IsIn(BOOKING_STATES)
  readonly state?: BookingState;
}
