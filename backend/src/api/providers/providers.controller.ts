import { Controller, Get, Inject, Param, Query } from "@nestjs/common";
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from "@nestjs/swagger";
import { Public } from "../../auth/public.decorator.js";
import { ErrorResponseDto } from "../../common/dto/error-response.dto.js";
import { NoQueryDto } from "../../common/dto/no-query.dto.js";
import { PaginationQueryDto, type Page } from "../../common/dto/pagination.dto.js";
import { ParseAddressPipe } from "../../common/pipes/parse-address.pipe.js";
import { type SlaReportDto, SlaReportPageDto } from "../sla/dto/sla-report.dto.js";
import { SlaService } from "../sla/sla.service.js";
import { ProviderDto } from "./dto/provider.dto.js";
import { ProvidersService } from "./providers.service.js";

@ApiTags("providers")
@Controller("providers")
export class ProvidersController {
  constructor(
    @Inject(ProvidersService) private readonly providers: ProvidersService,
    @Inject(SlaService) private readonly sla: SlaService,
  ) {}

  @Get(":address")
  @Public()
  @ApiOperation({ summary: "A provider's record: stake, reputation, SLA history, listings, booking totals, earnings." })
  @ApiParam({ name: "address", description: "Lowercase or checksummed address." })
  @ApiOkResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ description: "Not an address (or a bad checksum).", type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: "This address never registered as a provider.", type: ErrorResponseDto })
  get(@Param("address", ParseAddressPipe) address: string, @Query() _query: NoQueryDto): Promise<ProviderDto> {
    return this.providers.get(address);
  }

  @Get(":address/sla-reports")
  @Public()
  @ApiOperation({ summary: "A provider's SLA reports, newest booking first." })
  @ApiParam({ name: "address", description: "Lowercase or checksummed address." })
  @ApiOkResponse({ type: SlaReportPageDto })
  @ApiBadRequestResponse({ description: "Not an address, or a bad page parameter.", type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: "This address never registered as a provider.", type: ErrorResponseDto })
  slaReports(
    @Param("address", ParseAddressPipe) address: string,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<SlaReportDto>> {
    return this.sla.listForProvider(address, query);
  }
}
