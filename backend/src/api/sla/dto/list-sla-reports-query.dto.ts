import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsBoolean, IsIn, IsOptional } from "class-validator";
import { PaginationQueryDto } from "../../../common/dto/pagination.dto.js";
import { ToAddress, ToBoolean, ToCanonicalInteger } from "../../../common/transformers/query.transformer.js";
import { IsEthAddress } from "../../../common/validators/address.validator.js";
import { IsId } from "../../../common/validators/id.validator.js";
import { SLA_REPORT_STATUSES, type SlaReportStatus } from "./sla-report.dto.js";

/** `GET /sla/reports` filters and page. */
export class ListSlaReportsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: "Provider address (lowercase or checksummed)." })
  @IsOptional()
  @ToAddress()
  @IsEthAddress()
  readonly provider?: string;

  @ApiPropertyOptional({ description: "Booking id (decimal).", example: "1" })
  @IsOptional()
  @ToCanonicalInteger()
  @IsId()
  readonly bookingId?: string;

  @ApiPropertyOptional({ enum: SLA_REPORT_STATUSES })
  @IsOptional()
  @IsIn(SLA_REPORT_STATUSES)
  readonly status?: SlaReportStatus;

  @ApiPropertyOptional({
    type: Boolean,
    description: "Only reports that found (true) or did not find (false) a violation.",
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  readonly violated?: boolean;
}
