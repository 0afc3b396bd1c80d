import { ApiProperty } from "@nestjs/swagger";
import { PageDtoOf } from "../../../common/dto/pagination.dto.js";
import { BOOKING_STATES, type BookingState } from "../booking-state.js";

/** A booking as anyone may see it: no endpoint data. Amounts are wei, as decimal strings. */
export class BookingDto {
  @ApiProperty({ example: 1 }) readonly id: number;
  @ApiProperty({ example: 1 }) readonly resourceId: number;
  @ApiProperty({ example: "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65" }) readonly consumer: string;
  @ApiProperty({ example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" }) readonly provider: string;
  @ApiProperty({ enum: BOOKING_STATES, description: "Effective state at the indexed chain time." })
  readonly state: BookingState;
  @ApiProperty({ example: "100000000000000" }) readonly pricePerSecond: string;
  @ApiProperty({ example: 3600, description: "Booked seconds, extensions included." }) readonly duration: number;
  @ApiProperty({ example: 0, description: "Platform fee on withdrawals, basis points." }) readonly feeBps: number;
  @ApiProperty({
    example: 1_760_000_600,
    description: "Activate before this time (chain seconds) or the consumer may reclaim.",
  })
  readonly provisionDeadline: number;
  @ApiProperty({ example: 1_760_000_100, nullable: true, type: Number }) readonly startTime: number | null;
  @ApiProperty({ example: 1_760_003_700, nullable: true, type: Number }) readonly endTime: number | null;
  @ApiProperty({ example: "360000000000000000", description: "Escrowed in all." }) readonly amount: string;
  @ApiProperty({ example: "0", description: "Refunded to the consumer (cancel, reclaim)." }) readonly refunded: string;
  @ApiProperty({ example: "0", description: "Moved back to the consumer by SLA penalties." })
  readonly penalized: string;
  @ApiProperty({ example: "0", description: "Withdrawn by the provider, net of fees." }) readonly withdrawnNet: string;
  @ApiProperty({ example: "0", description: "Fees paid on withdrawals." }) readonly feesPaid: string;
  @ApiProperty({ example: "0", description: "Gross settled to the provider so far." }) readonly settled: string;
  @ApiProperty({
    example: "1000000000000000",
    description: "Earned at the indexed chain time: rate × (min(now, end) − start).",
  })
  readonly earned: string;
  @ApiProperty({ example: 1_760_000_000 }) readonly createdAt: number;
  @ApiProperty({ example: 40 }) readonly createdBlock: number;
  @ApiProperty({ example: 42 }) readonly updatedBlock: number;
}

/** `GET /bookings/:id`. */
export class BookingDetailDto extends BookingDto {
  @ApiProperty({ example: "active", description: "The state the index stores (from events), before time is applied." })
  readonly storedState: string;
  @ApiProperty({ example: 2, description: "SLA reports submitted for its periods." }) readonly slaReportsCount: number;
}

export class BookingPageDto extends PageDtoOf(BookingDto) {}
