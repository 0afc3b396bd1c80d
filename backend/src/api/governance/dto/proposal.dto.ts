import { ApiProperty } from "@nestjs/swagger";
import { PageDtoOf } from "../../../common/dto/pagination.dto.js";

export const PROPOSAL_STATUSES = ["pending", "queued", "executed", "canceled"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A Governor proposal as its events recorded it (active/succeeded/defeated are for the chain to say). */
export class ProposalDto {
  @ApiProperty({ example: "1234567890", description: "uint256 proposal id (decimal string)." }) readonly id: string;
  @ApiProperty({ example: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266" }) readonly proposer: string;
  @ApiProperty({ example: "Lower the platform fee to 1%" }) readonly description: string;
  @ApiProperty({ type: [String] }) readonly targets: string[];
  @ApiProperty({ type: [String] }) readonly calldatas: string[];
  @ApiProperty({ example: 100, description: "Voting starts (block or timepoint of the token's clock)." })
  readonly voteStart: number;
  @ApiProperty({ example: 120 }) readonly voteEnd: number;
  @ApiProperty({ enum: PROPOSAL_STATUSES }) readonly status: ProposalStatus;
  @ApiProperty({ example: "0" }) readonly forVotes: string;
  @ApiProperty({ example: "0" }) readonly againstVotes: string;
  @ApiProperty({ example: "0" }) readonly abstainVotes: string;
  @ApiProperty({ example: null, nullable: true, type: Number, description: "Executable after (when queued)." })
  readonly eta: number | null;
  @ApiProperty({ example: 99 }) readonly createdBlock: number;
  @ApiProperty({ example: 99 }) readonly updatedBlock: number;
}

export class ProposalPageDto extends PageDtoOf(ProposalDto) {}
