import { Controller, Get, Inject, Query } from "@nestjs/common";
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from "@nestjs/swagger";
import { Public } from "../../auth/public.decorator.js";
import { ErrorResponseDto } from "../../common/dto/error-response.dto.js";
import type { Page } from "../../common/dto/pagination.dto.js";
import { type ChainEventDto, ChainEventPageDto } from "./dto/chain-event.dto.js";
import { ListEventsQueryDto } from "./dto/list-events-query.dto.js";
import { EventsService } from "./events.service.js";

@ApiTags("events")
@Controller("events")
export class EventsController {
  constructor(@Inject(EventsService) private readonly events: EventsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "The raw event log of the D-CloudX contracts, in chain order." })
  @ApiOkResponse({ type: ChainEventPageDto })
  @ApiBadRequestResponse({ description: "A filter or page parameter is invalid, or unknown.", type: ErrorResponseDto })
  list(@Query() query: ListEventsQueryDto): Promise<Page<ChainEventDto>> {
    return this.events.list(query);
  }
}
