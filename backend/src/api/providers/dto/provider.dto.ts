import { ApiProperty } from "@nestjs/swagger";

const ADDRESS = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

/** A provider's on-chain record: registration, stake and SLA history. */
export class ProviderRecordDto {
  @ApiProperty({ example: ADDRESS, description: "Lowercase address." }) readonly address: string;
  @ApiProperty({ description: "Registered now (false after deregistering)." }) readonly registered: boolean;
  @ApiProperty({ example: "1000000000000000000000", description: "Current stake in wei (decimal string)." })
  readonly stake: string;
  @ApiProperty({ example: "ipfs://provider" }) readonly metadataUri: string;
  @ApiProperty({ example: 1_760_000_000, description: "Registration time (chain seconds)." })
  readonly registeredAt: number;
  @ApiProperty({ example: 5000, minimum: 0, maximum: 10_000, description: "Reputation in basis points." })
  readonly reputationBps: number;
  @ApiProperty({ example: 12, description: "SLA periods whose reports were applied." })
  readonly periodsReported: number;
  @ApiProperty({ example: 1, description: "Applied reports that found a violation." }) readonly violations: number;
  @ApiProperty({ example: "0", description: "Stake slashed so far, in wei." }) readonly slashedTotal: string;
  @ApiProperty({ example: 2, description: "Bookings not yet closed on-chain (requested, active, ended, expired)." })
  readonly openBookings: number;
  @ApiProperty({
    example: 0,
    description: "SLA reports final but not yet applied; while any remains the provider cannot deregister.",
  })
  readonly stakeHolds: number;
}

export class ProviderResourcesDto {
  @ApiProperty({ example: 3 }) readonly total: number;
  @ApiProperty({ example: 2, description: "Listed as active." }) readonly active: number;
}

export class ProviderBookingsDto {
  @ApiProperty({ example: 7 }) readonly total: number;
  @ApiProperty({
    description: "Bookings per effective state (requested, active, ended, expired, completed, cancelled, reclaimed).",
    type: "object",
    additionalProperties: { type: "integer" },
    example: { active: 2, completed: 5 },
  })
  readonly byState: Record<string, number>;
  @ApiProperty({ example: "3600000000000000000", description: "Escrowed in all, in wei." }) readonly amount: string;
  @ApiProperty({ example: "0", description: "Refunded to consumers (cancel, reclaim)." }) readonly refunded: string;
  @ApiProperty({ example: "0", description: "Moved back to consumers by SLA penalties." }) readonly penalized: string;
  @ApiProperty({ example: "0", description: "Withdrawn by the provider, net of fees." }) readonly withdrawnNet: string;
  @ApiProperty({ example: "0", description: "Platform fees paid on withdrawals." }) readonly feesPaid: string;
  @ApiProperty({ example: "0", description: "Earned so far at chain time: Σ rate × (min(now, end) − start)." })
  readonly earned: string;
}

/** `GET /providers/:address`: the record plus listings and booking totals. */
export class ProviderDto extends ProviderRecordDto {
  @ApiProperty({ type: ProviderResourcesDto }) readonly resources: ProviderResourcesDto;
  @ApiProperty({ type: ProviderBookingsDto }) readonly bookings: ProviderBookingsDto;
  @ApiProperty({ example: "0", description: "Earnings withdrawn, net of fees, in wei (= bookings.withdrawnNet)." })
  readonly earningsWithdrawn: string;
}
