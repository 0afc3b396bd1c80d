import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from "class-validator";
import { CONTRACT_NAMES, type ContractName } from "../../../chain/abis.js";
import { PaginationQueryDto } from "../../../common/dto/pagination.dto.js";
import { ToInt } from "../../../common/transformers/query.transformer.js";

/** `GET /events` filters and page. */
export class ListEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: CONTRACT_NAMES })
  @IsOptional()
  @IsIn(CONTRACT_NAMES)
  readonly contract?: ContractName;

  @ApiPropertyOptional({ description: "Event name (an identifier, e.g. `BookingCreated`).", example: "BookingCreated" })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { message: "event must be an event name (letters, digits, _; at most 64)" })
  readonly event?: string;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: "First block (inclusive).",
  })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  readonly fromBlock?: number;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: "Last block (inclusive).",
  })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  readonly toBlock?: number;
}
