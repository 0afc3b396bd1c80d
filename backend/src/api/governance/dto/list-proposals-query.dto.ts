import { ApiPropertyOptional } from "@nestjs/swagger";
import { IsIn, IsOptional } from "class-validator";
import { PaginationQueryDto } from "../../../common/dto/pagination.dto.js";
import { PROPOSAL_STATUSES, type ProposalStatus } from "./proposal.dto.js";

/** `GET /governance/proposals` filter and page. */
export class ListProposalsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES })
  @IsOptional()
  @IsIn(PROPOSAL_STATUSES)
  readonly status?: ProposalStatus;
}
