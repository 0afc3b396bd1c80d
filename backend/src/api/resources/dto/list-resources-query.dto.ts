import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsBoolean, IsByteLength, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from "class-validator";
import { PaginationQueryDto } from "../../../common/dto/pagination.dto.js";
import { ToAddress, ToBoolean, ToCanonicalInteger, ToInt } from "../../../common/transformers/query.transformer.js";
import { IsEthAddress } from "../../../common/validators/address.validator.js";
import { IsUint256String } from "../../../common/validators/uint256.validator.js";

export const RESOURCE_SORTS = [
  "newest",
  "oldest",
  "price",
  "-price",
  "reputation",
  "-reputation",
  "cpu",
  "-cpu",
  "memory",
  "-memory",
] as const;
export type ResourceSort = (typeof RESOURCE_SORTS)[number];

/** Largest value of a PostgreSQL `integer` column (a larger bound would be a database error, not an empty page). */
const INT4_MAX = 2_147_483_647;

/** `GET /resources` filters, sort and page. */
export class ListResourcesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: "Exact region code.", example: "eu-west-1" })
  @IsOptional()
  @IsString()
  @IsByteLength(1, 32, { message: "region must be 1 to 32 bytes (a bytes32 region code)" })
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: "region must not contain control characters" })
  readonly region?: string;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: INT4_MAX, example: 2000 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  readonly minCpuMillicores?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: INT4_MAX, example: 4096 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  readonly minMemoryMb?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 65_535, example: 1 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  readonly minGpuCount?: number;

  @ApiPropertyOptional({
    description: "Highest price per second, in wei (decimal string).",
    example: "100000000000000",
  })
  @IsOptional()
  @ToCanonicalInteger()
  @IsUint256String()
  readonly maxPricePerSecond?: string;

  @ApiPropertyOptional({
    description: "Lowest provider reputation, in basis points.",
    type: Number,
    minimum: 0,
    maximum: 10_000,
  })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(10_000)
  readonly minReputationBps?: number;

  @ApiPropertyOptional({ description: "Provider address (lowercase or checksummed)." })
  @IsOptional()
  @ToAddress()
  @IsEthAddress()
  readonly provider?: string;

  @ApiPropertyOptional({
    description: "true: bookable now (active, provider registered, a free slot); false: not bookable.",
    type: Boolean,
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  readonly available?: boolean;

  @ApiPropertyOptional({ description: "Listed as active by its provider.", type: Boolean })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  readonly active?: boolean;

  @ApiPropertyOptional({ enum: RESOURCE_SORTS, default: "newest", description: "A leading `-` sorts descending." })
  @IsOptional()
  @IsIn(RESOURCE_SORTS)
  readonly sort: ResourceSort = "newest";
}
