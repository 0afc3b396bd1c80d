import { ApiProperty } from "@nestjs/swagger";
import { PageDtoOf } from "../../../common/dto/pagination.dto.js";

/** One decoded log of a D-CloudX contract, as indexed. */
export class ChainEventDto {
  @ApiProperty({ example: 42 }) readonly blockNumber: number;
  @ApiProperty({ example: 0 }) readonly logIndex: number;
  @ApiProperty({ example: `0x${"ab".repeat(32)}` }) readonly blockHash: string;
  @ApiProperty({ example: 1_760_000_000 }) readonly blockTimestamp: number;
  @ApiProperty({ example: `0x${"cd".repeat(32)}` }) readonly transactionHash: string;
  @ApiProperty({ example: "0x5fbdb2315678afecb367f032d93f642f64180aa3", description: "Emitting contract, lowercase." })
  readonly address: string;
  @ApiProperty({ example: "ResourceMarketplace" }) readonly contract: string;
  @ApiProperty({ example: "BookingCreated" }) readonly event: string;
  @ApiProperty({
    description: "Decoded arguments: uint256 as decimal strings, addresses lowercase.",
    type: "object",
    additionalProperties: true,
    example: { bookingId: "1", consumer: "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65" },
  })
  readonly args: Record<string, unknown>;
  @ApiProperty({ type: [String], description: "Raw topics." }) readonly topics: string[];
  @ApiProperty({ example: "0x", description: "Raw data." }) readonly data: string;
}

export class ChainEventPageDto extends PageDtoOf(ChainEventDto) {}
