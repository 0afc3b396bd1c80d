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
import type { Page } from "../../common/dto/pagination.dto.js";
import { ParseIdPipe } from "../../common/pipes/parse-id.pipe.js";
import { ListResourcesQueryDto } from "./dto/list-resources-query.dto.js";
import { ResourceDetailDto, type ResourceDto, ResourcePageDto } from "./dto/resource.dto.js";
import { ResourcesService } from "./resources.service.js";

@ApiTags("resources")
@Controller("resources")
export class ResourcesController {
  constructor(@Inject(ResourcesService) private readonly resources: ResourcesService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "Browse listings: filter, sort, paginate." })
  @ApiOkResponse({ type: ResourcePageDto })
  @ApiBadRequestResponse({
    description: "A filter, sort key or page parameter is invalid, or unknown.",
    type: ErrorResponseDto,
  })
  list(@Query() query: ListResourcesQueryDto): Promise<Page<ResourceDto>> {
    return this.resources.list(query);
  }

  @Get(":id")
  @Public()
  @ApiOperation({ summary: "One listing with its SLA terms, its provider's record and its bookings count." })
  @ApiParam({ name: "id", description: "Resource id (decimal).", example: "1" })
  @ApiOkResponse({ type: ResourceDetailDto })
  @ApiBadRequestResponse({ description: "The id is not a decimal integer up to 2^63 − 1.", type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: "No such resource.", type: ErrorResponseDto })
  get(@Param("id", ParseIdPipe) id: string, @Query() _query: NoQueryDto): Promise<ResourceDetailDto> {
    return this.resources.get(id);
  }
}
