import { ApiProperty } from "@nestjs/swagger";

/** One instance serving a booking (filled by the compute plane). */
export class BookingInstanceDto {
  @ApiProperty() readonly id: string;
  @ApiProperty({ example: "ready", description: "warming, ready or draining" }) readonly status: string;
}

/** A booking's private connection data: only its consumer and provider may read it. */
export class BookingAccessDto {
  @ApiProperty({ example: 1 }) readonly bookingId: number;
  @ApiProperty({ example: 1 }) readonly resourceId: number;
  @ApiProperty({ description: "Lowercase address." }) readonly consumer: string;
  @ApiProperty({ description: "Lowercase address." }) readonly provider: string;

  @ApiProperty({ description: "As indexed: requested, active, completed, cancelled, reclaimed.", example: "active" })
  readonly state: string;

  @ApiProperty({
    description: "keccak256 of the endpoint the provider committed to on activation (null until activated).",
    nullable: true,
    type: String,
  })
  readonly endpointHash: string | null;

  @ApiProperty({ description: "Unix seconds; null until activated.", nullable: true, type: Number })
  readonly startTime: number | null;
  @ApiProperty({ description: "Unix seconds; null until activated.", nullable: true, type: Number }) readonly endTime:
    number | null;
  @ApiProperty({ description: "Unix seconds: activation deadline, after which the consumer may reclaim." })
  readonly provisionDeadline: number;

  @ApiProperty({
    description: "The load balancer endpoint serving the booking. Null unless this node runs it.",
    nullable: true,
    type: String,
  })
  readonly endpoint: string | null;

  @ApiProperty({
    description: "Instances serving the booking; empty until the compute plane runs them.",
    type: [BookingInstanceDto],
  })
  readonly instances: BookingInstanceDto[];

  @ApiProperty({ description: "Block of the index's last change to this booking." }) readonly updatedBlock: number;
}
