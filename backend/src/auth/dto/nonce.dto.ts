import { ApiProperty } from "@nestjs/swagger";

export class NonceDto {
  @ApiProperty({
    description: "Put this in the SIWE message's `Nonce:` field. Single use.",
    example: "a1B2c3D4e5F6g7H8",
  })
  readonly nonce: string;

  @ApiProperty({ description: "When the nonce stops being accepted (ISO 8601).", example: "2025-01-01T00:05:00.000Z" })
  readonly expiresAt: string;
}
