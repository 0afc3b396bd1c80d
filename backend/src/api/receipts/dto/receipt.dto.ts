import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";
import { PageDtoOf } from "../../../common/dto/pagination.dto.js";

export const RECEIPT_STATUSES = ["unanchored", "pending", "anchored"] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** A scheduling receipt: the sdk's `Receipt`, integers as strings where they can exceed 2^53. */
export class ReceiptFieldsDto {
  @ApiProperty({ example: "1", description: "uint256, decimal." }) readonly bookingId: string;
  @ApiProperty({ example: `0x${"ab".repeat(32)}` }) readonly decisionId: string;
  @ApiProperty({ enum: ["route", "place", "scale"] }) readonly kind: string;
  @ApiProperty({ example: "i-3f2a9c" }) readonly instanceId: string;
  @ApiProperty({ example: "p2c" }) readonly algorithm: string;
  @ApiProperty({ example: `0x${"cd".repeat(32)}`, description: "keccak256 of the canonical JSON of the inputs." })
  readonly inputsHash: string;
  @ApiProperty({ example: 1_760_000_000, description: "Unix seconds." }) readonly timestamp: number;
}

/** A receipt in a list: its fields, where it is, and how far it got. */
export class ReceiptSummaryDto extends ReceiptFieldsDto {
  @ApiProperty({ example: 1, description: "Decisions it stands for (more than 1 when aggregated under overload)." })
  readonly decisions: number;
  @ApiProperty({ enum: RECEIPT_STATUSES }) readonly status: ReceiptStatus;
  @ApiPropertyOptional({ example: 3, nullable: true, type: Number, description: "On-chain batch, once anchored." })
  readonly batchId: number | null;
  @ApiProperty({ example: `0x${"ef".repeat(32)}`, description: "Root of the tree it is in." }) readonly root: string;
}

export class ReceiptPageDto extends PageDtoOf(ReceiptSummaryDto) {}

/** `GET /receipts/:id`: a receipt with what an auditor needs to verify it against the chain. */
export class ReceiptProofDto {
  @ApiProperty({ type: ReceiptFieldsDto }) readonly receipt: ReceiptFieldsDto;
  @ApiProperty({ example: `0x${"12".repeat(32)}`, description: "The StandardMerkleTree leaf (`hashReceipt`)." })
  readonly leaf: string;
  @ApiProperty({ type: [String], description: "Sibling hashes from the leaf up to the root." })
  readonly proof: string[];
  @ApiPropertyOptional({ example: 3, nullable: true, type: Number }) readonly batchId: number | null;
  @ApiProperty({ example: `0x${"ef".repeat(32)}` }) readonly root: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The anchoring transaction, once mined." })
  readonly txHash: string | null;
  @ApiProperty({
    enum: RECEIPT_STATUSES,
    description:
      "`anchored`: its batch's BatchAnchored event is indexed; `pending`: waiting for that; `unanchored`: no scheduler key serves the provider.",
  })
  readonly status: ReceiptStatus;
  @ApiProperty({ example: 1 }) readonly decisions: number;
  @ApiProperty({ example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" }) readonly provider: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The scheduler that anchors it." })
  readonly anchorer: string | null;
}

/** A batch (tree) of this node's receipts, anchored or not. */
export class ReceiptTreeDto {
  @ApiProperty({ example: `0x${"ef".repeat(32)}` }) readonly root: string;
  @ApiProperty({ enum: RECEIPT_STATUSES }) readonly status: ReceiptStatus;
  @ApiPropertyOptional({ example: 3, nullable: true, type: Number }) readonly batchId: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) readonly txHash: string | null;
  @ApiProperty({ example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" }) readonly provider: string;
  @ApiPropertyOptional({ nullable: true, type: String }) readonly anchorer: string | null;
  @ApiProperty({ example: 128, description: "Receipts (leaves)." }) readonly count: number;
  @ApiProperty({ example: 130, description: "Decisions they stand for." }) readonly decisions: number;
  @ApiProperty({ example: 1_760_000_000 }) readonly firstTimestamp: number;
  @ApiProperty({ example: 1_760_000_010 }) readonly lastTimestamp: number;
}

/** `GET /receipts/batches/:id/receipts`: the batch and one page of its receipts. */
export class ReceiptTreePageDto extends PageDtoOf(ReceiptSummaryDto) {
  @ApiProperty({ type: ReceiptTreeDto }) readonly batch: ReceiptTreeDto;
}

/** Receipts stored unanchored for one provider (no scheduler key of this node serves it). */
export class UnanchoredReportDto {
  @ApiProperty({ example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" }) readonly provider: string;
  @ApiProperty({ example: 2 }) readonly batches: number;
  @ApiProperty({ example: 300 }) readonly receipts: number;
  @ApiProperty({ example: 300 }) readonly decisions: number;
}
