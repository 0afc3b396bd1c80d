import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsOptional } from "class-validator";
import { PaginationQueryDto } from "../../../common/dto/pagination.dto.js";
import { ToAddress } from "../../../common/transformers/query.transformer.js";
import { IsEthAddress } from "../../../common/validators/address.validator.js";

/** `GET /receipts/batches` filters and page. */
export class ListReceiptBatchesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: "Scheduler address that anchored the batches." })
  @IsOptional()
  @ToAddress()
  @IsEthAddress()
  readonly anchorer?: string;

  @ApiPropertyOptional({ description: "Provider address the batches were anchored for." })
  @IsOptional()
  @ToAddress()
  @IsEthAddress()
  readonly provider?: string;
}
