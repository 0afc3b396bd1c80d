import type { Type } from "@nestjs/common";
import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import { IsInt, IsOptional, Max, Min } from "class-validator";
import { ToInt } from "../transformers/query.transformer.js";

export const MAX_PAGE = 1_000_000;
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** `?page=&limit=`: what every list endpoint accepts; list queries extend it. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ description: "Page number, from 1.", minimum: 1, maximum: MAX_PAGE, default: 1, type: Number })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  readonly page: number = 1;

  @ApiPropertyOptional({
    description: "Items per page.",
    minimum: 1,
    maximum: MAX_LIMIT,
    default: DEFAULT_LIMIT,
    type: Number,
  })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  readonly limit: number = DEFAULT_LIMIT;
}

/** One page of a list: the items, where the page is, and how many items match in all. */
export type Page<T> = { readonly items: T[]; readonly page: number; readonly limit: number; readonly total: number };

/** Rows to skip for a page. */
export function offsetOf({ page, limit }: PaginationQueryDto): number {
  return (page - 1) * limit;
}

/** Builds the page envelope. */
export function toPage<T>(items: T[], total: number, { page, limit }: PaginationQueryDto): Page<T> {
  return { items, page, limit, total };
}

/**
 * The OpenAPI schema of a page of `item`: `class ResourcePageDto extends PageDtoOf(ResourceDto) {}`
 * (the subclass gives the schema its name).
 */
export function PageDtoOf<T>(item: Type<T>): Type<Page<T>> {
  class PageDto {
    @ApiProperty({ type: [item] }) readonly items: T[];
    @ApiProperty({ example: 1 }) readonly page: number;
    @ApiProperty({ example: DEFAULT_LIMIT }) readonly limit: number;
    @ApiProperty({ description: "Items matching the filters, over all pages.", example: 42 }) readonly total: number;
  }
  return PageDto;
}
