import { ApiProperty } from "@nestjs/swagger";

export class ChainStatusDto {
  @ApiProperty({ example: 31337 }) readonly chainId: number;
  @ApiProperty({
    description: "Last block whose events are fully indexed.",
    example: 120,
    nullable: true,
    type: Number,
  })
  readonly indexedBlock: number | null;
  @ApiProperty({
    description:
      'Timestamp (seconds) of the indexed block: the API\'s notion of "now" for derived states and earnings.',
    example: 1_760_000_000,
    nullable: true,
    type: Number,
  })
  readonly indexedTimestamp: number | null;
  @ApiProperty({ description: "Latest block the node reported.", example: 121, nullable: true, type: Number })
  readonly chainHead: number | null;
  @ApiProperty({ example: 1, nullable: true, type: Number }) readonly lagBlocks: number | null;
  @ApiProperty({ description: "True while catching up with history (more than one chunk behind)." })
  readonly backfilling: boolean;
  @ApiProperty({ description: "Events indexed since this process started.", example: 57 })
  readonly eventsIndexed: number;
  @ApiProperty({ description: "Reorgs rolled back since this process started.", example: 0 }) readonly reorgs: number;
  @ApiProperty({ description: "First block of the deployment.", example: 1 }) readonly startBlock: number;
  @ApiProperty({
    description: "Contract name → lowercase address.",
    type: "object",
    additionalProperties: { type: "string" },
    example: { ResourceMarketplace: "0x5fbdb2315678afecb367f032d93f642f64180aa3" },
  })
  readonly contracts: Record<string, string>;
}
