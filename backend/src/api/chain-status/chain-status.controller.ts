import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from "@nestjs/swagger";
import { Public } from "../../auth/public.decorator.js";
import { ErrorResponseDto } from "../../common/dto/error-response.dto.js";
import { NoQueryDto } from "../../common/dto/no-query.dto.js";
import { ChainStatusService } from "./chain-status.service.js";
import { ChainStatusDto } from "./dto/chain-status.dto.js";

@ApiTags("chain")
@Controller("chain")
export class ChainStatusController {
  constructor(@Inject(ChainStatusService) private readonly chainStatus: ChainStatusService) {}

  @Get("status")
  @Public()
  @ApiOperation({ summary: "Chain id, indexing progress and lag, contract addresses and start block." })
  @ApiOkResponse({ type: ChainStatusDto })
  @ApiBadRequestResponse({ description: "An unknown query parameter.", type: ErrorResponseDto })
  status(@Query() _query: NoQueryDto): ChainStatusDto {
    return this.chainStatus.status();
  }
}
