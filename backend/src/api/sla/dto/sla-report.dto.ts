import { ApiProperty } from "@nestjs/swagger";
import { PageDtoOf } from "../../../common/dto/pagination.dto.js";

export const SLA_REPORT_STATUSES = ["submitted", "pending", "disputed", "applied"] as const;
export type SlaReportStatus = (typeof SLA_REPORT_STATUSES)[number];

/** One booking period's SLA report. Measurements are null until a quorum of reporters agrees. */
export class SlaReportDto {
  @ApiProperty({ example: 1 }) readonly bookingId: number;
  @ApiProperty({ example: 0, description: "Period index from the booking's start." }) readonly period: number;
  @ApiProperty({ example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" }) readonly provider: string;
  @ApiProperty({
    enum: SLA_REPORT_STATUSES,
    description: "submitted (no quorum yet), pending (final, dispute window open), disputed, applied.",
  })
  readonly status: SlaReportStatus;
  @ApiProperty({ example: 9990, nullable: true, type: Number }) readonly uptimeBps: number | null;
  @ApiProperty({ example: 120, nullable: true, type: Number }) readonly p95LatencyMs: number | null;
  @ApiProperty({ example: false, nullable: true, type: Boolean }) readonly violated: boolean | null;
  @ApiProperty({ example: "0", nullable: true, type: String, description: "Penalty decided, wei." })
  readonly penalty: string | null;
  @ApiProperty({ example: "0", nullable: true, type: String, description: "Refunded from escrow when applied, wei." })
  readonly refunded: string | null;
  @ApiProperty({ example: "0", nullable: true, type: String, description: "Taken from stake when applied, wei." })
  readonly fromStake: string | null;
  @ApiProperty({ example: 1, description: "Reporter submissions." }) readonly submissions: number;
  @ApiProperty({ example: null, nullable: true, type: String }) readonly disputedBy: string | null;
  @ApiProperty({ example: 1_760_000_400, nullable: true, type: Number }) readonly finalizedAt: number | null;
  @ApiProperty({ example: 1_760_000_700, nullable: true, type: Number }) readonly appliedAt: number | null;
  @ApiProperty({ example: 50 }) readonly updatedBlock: number;
}

export class SlaReportPageDto extends PageDtoOf(SlaReportDto) {}
