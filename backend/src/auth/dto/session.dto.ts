import { ApiProperty } from "@nestjs/swagger";
import { ROLES, type Role } from "../session.js";

/** Who the caller is and what the chain says they may do. */
export class MeDto {
  @ApiProperty({
    description: "The signed-in wallet, EIP-55 checksummed.",
    example: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  })
  readonly address: string;

  @ApiProperty({ description: "The chain the session is bound to.", example: 31337 })
  readonly chainId: number;

  @ApiProperty({
    description:
      "Derived from on-chain state on each request: provider (ResourceMarketplace.isProvider), consumer (has bookings in the index), governance (DCXToken.getVotes > 0), reporter (SLAEnforcement REPORTER_ROLE).",
    enum: ROLES,
    isArray: true,
  })
  readonly roles: Role[];
}

/** A new session. */
export class SessionDto extends MeDto {
  @ApiProperty({ description: "Session token (JWT, HS256): send as `Authorization: Bearer <token>`." })
  readonly token: string;

  @ApiProperty({ description: "When the token expires (ISO 8601).", example: "2025-01-01T00:15:00.000Z" })
  readonly expiresAt: string;
}
