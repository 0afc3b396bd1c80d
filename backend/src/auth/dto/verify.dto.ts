import { ApiProperty } from "@nestjs/swagger";
import { IsString, Matches, MaxLength } from "class-validator";

/** A signed Sign-In with Ethereum (EIP-4361) message. */
export class VerifyDto {
  @ApiProperty({ description: "The EIP-4361 message, exactly as signed (with `\\n` line breaks)." })
  @IsString()
  @MaxLength(4_096)
  readonly message: string;

  @ApiProperty({
    description: "The wallet's `personal_sign` signature of the message (EOA, ERC-1271 or ERC-6492).",
    example: "0x…",
  })
  @IsString()
  @MaxLength(16_384)
  @Matches(/^0x(?:[0-9a-fA-F]{2})+$/, { message: "signature must be 0x-prefixed hex" })
  readonly signature: string;
}
