import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsIn, IsOptional } from "class-validator";
import { PaginationQueryDto } from "../../../common/dto/pagination.dto.js";
import { ToCanonicalInteger } from "../../../common/transformers/query.transformer.js";
import { IsUint256String } from "../../../common/validators/uint256.validator.js";
import { RECEIPT_STATUSES, type ReceiptStatus } from "./receipt.dto.js";

export const RECEIPT_KINDS = ["route", "place", "scale"] as const;

/** `GET /receipts` filters and page. */
export class ListReceiptsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: "Booking id (decimal).", example: "1" })
  @IsOptional()
  @ToCanonicalInteger()
  @IsUint256String()
  readonly bookingId?: string;

  @ApiPropertyOptional({ enum: RECEIPT_KINDS })
  @IsOptional()
  @IsIn(RECEIPT_KINDS)
  readonly kind?: (typeof RECEIPT_KINDS)[number];

  @ApiPropertyOptional({ enum: RECEIPT_STATUSES })
  @IsOptional()
  @IsIn(RECEIPT_STATUSES)
  readonly status?: ReceiptStatus;
}
