import { ApiProperty, ApiPropertyOptional } from "@nestjs/swagger";

/**
 * One of this node's scheduler keys (`RECEIPTS_SCHEDULER_KEYS`), by address only, and the provider it
 * anchors for. A provider's console reads it to offer authorizing a key: until one is authorized, the
 * provider's receipts are stored but never anchored.
 */
export class ReceiptSchedulerDto {
  @ApiProperty({ example: "0x14dc79964da2c08b23698b3d3cc7ca32193d9955", description: "The key's address." })
  readonly address: string;
  @ApiPropertyOptional({
    example: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    nullable: true,
    type: String,
    description: "The provider that authorized it (`ReceiptRegistry.providerOf`, latest block), or null.",
  })
  readonly provider: string | null;
}
