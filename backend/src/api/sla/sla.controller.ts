import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from "@nestjs/swagger";
import { Public } from "../../auth/public.decorator.js";
import { ErrorResponseDto } from "../../common/dto/error-response.dto.js";
import type { Page } from "../../common/dto/pagination.dto.js";
import { ListSlaReportsQueryDto } from "./dto/list-sla-reports-query.dto.js";
import { type SlaReportDto, SlaReportPageDto } from "./dto/sla-report.dto.js";
import { SlaService } from "./sla.service.js";

@ApiTags("sla")
@Controller("sla")
export class SlaController {
  constructor(@Inject(SlaService) private readonly sla: SlaService) {}

  @Get("reports")
  @Public()
  @ApiOperation({ summary: "SLA reports, filtered by provider, booking, status or outcome." })
  @ApiOkResponse({ type: SlaReportPageDto })
  @ApiBadRequestResponse({ description: "A filter or page parameter is invalid, or unknown.", type: ErrorResponseDto })
  list(@Query() query: ListSlaReportsQueryDto): Promise<Page<SlaReportDto>> {
    return this.sla.list(query);
  }
}
