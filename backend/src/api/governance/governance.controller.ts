import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from "@nestjs/swagger";
import { Public } from "../../auth/public.decorator.js";
import { ErrorResponseDto } from "../../common/dto/error-response.dto.js";
import { NoQueryDto } from "../../common/dto/no-query.dto.js";
import type { Page } from "../../common/dto/pagination.dto.js";
import { ListProposalsQueryDto } from "./dto/list-proposals-query.dto.js";
import { type ProposalDto, ProposalPageDto } from "./dto/proposal.dto.js";
import { GovernanceService } from "./governance.service.js";

@ApiTags("governance")
@Controller("governance")
export class GovernanceController {
  constructor(@Inject(GovernanceService) private readonly governance: GovernanceService) {}

  @Get("proposals")
  @Public()
  @ApiOperation({ summary: "Governor proposals, newest first." })
  @ApiOkResponse({ type: ProposalPageDto })
  @ApiBadRequestResponse({ description: "A filter or page parameter is invalid, or unknown.", type: ErrorResponseDto })
  listProposals(@Query() query: ListProposalsQueryDto): Promise<Page<ProposalDto>> {
    return this.governance.listProposals(query);
  }

  @Get("parameters")
  @Public()
  @ApiOperation({
    summary: "Governed parameters as last set on-chain (platformFeeBps, minStake, reporterQuorum, ...).",
  })
  @ApiOkResponse({
    description: "Parameter name → value (decimal strings, lowercase addresses, `true`/`false`).",
    schema: {
      type: "object",
      additionalProperties: { type: "string" },
      example: { platformFeeBps: "100", minStake: "1000000000000000000000" },
    },
  })
  @ApiBadRequestResponse({ description: "An unknown query parameter.", type: ErrorResponseDto })
  parameters(@Query() _query: NoQueryDto): Promise<Record<string, string>> {
    return this.governance.parameters();
  }
}
