import { ApiProperty } from "@nestjs/swagger";

/** The body of every 4xx answer (Nest's HttpException shape). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) readonly statusCode: number;
  @ApiProperty({
    oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }],
    example: ["limit must not be greater than 100"],
    description: "What was wrong: one message, or one per invalid parameter.",
  })
  readonly message: string | string[];
  @ApiProperty({ example: "Bad Request" }) readonly error: string;
}
