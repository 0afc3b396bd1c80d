import { ApiProperty } from "@nestjs/swagger";
import { PageDtoOf } from "../../../common/dto/pagination.dto.js";

/** An anchored Merkle root of scheduling receipts. Batches chain per anchorer through `prevBatchId`. */
export class ReceiptBatchDto {
  @ApiProperty({ example: 1 }) readonly id: number;
  @ApiProperty({
    example: "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
    description: "The scheduler that anchored it.",
  })
  readonly anchorer: string;
  @ApiProperty({ example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", description: "The provider it anchors for." })
  readonly provider: string;
  @ApiProperty({ example: `0x${"ab".repeat(32)}` }) readonly root: string;
  @ApiProperty({ example: 128, description: "Receipts in the batch." }) readonly count: number;
  @ApiProperty({ example: 1_760_000_000 }) readonly firstTimestamp: number;
  @ApiProperty({ example: 1_760_000_060 }) readonly lastTimestamp: number;
  @ApiProperty({ example: 0, description: "The anchorer's previous batch (0 for its first)." })
  readonly prevBatchId: number;
  @ApiProperty({ example: "ipfs://batch" }) readonly uri: string;
  @ApiProperty({ example: `0x${"cd".repeat(32)}` }) readonly transactionHash: string;
  @ApiProperty({ example: 60 }) readonly blockNumber: number;
  @ApiProperty({ example: 1_760_000_070 }) readonly anchoredAt: number;
}

export class ReceiptBatchPageDto extends PageDtoOf(ReceiptBatchDto) {}
