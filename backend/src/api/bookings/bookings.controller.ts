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
import { ParseIdPipe } from "../../common/pipes/parse-id.pipe.js";
import { type SlaReportDto, SlaReportPageDto } from "../sla/dto/sla-report.dto.js";
import { SlaService } from "../sla/sla.service.js";
import { BookingsService } from "./bookings.service.js";
import { BookingDetailDto, type BookingDto, BookingPageDto } from "./dto/booking.dto.js";
import { ListBookingsQueryDto } from "./dto/list-bookings-query.dto.js";

/**
 * Public booking reads. Each handler is marked `@Public()` on its own (not the controller), so that a
 * private handler added here later (endpoint data, for the booking's parties) is guarded by default.
 */
@ApiTags("bookings")
@Controller("bookings")
export class BookingsController {
  constructor(
    @Inject(BookingsService) private readonly bookings: BookingsService,
    @Inject(SlaService) private readonly sla: SlaService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: "Bookings by consumer, provider, resource or effective state, newest first." })
  @ApiOkResponse({ type: BookingPageDto })
  @ApiBadRequestResponse({ description: "A filter or page parameter is invalid, or unknown.", type: ErrorResponseDto })
  list(@Query() query: ListBookingsQueryDto): Promise<Page<BookingDto>> {
    return this.bookings.list(query);
  }

  @Get(":id")
  @Public()
  @ApiOperation({ summary: "One booking: state, amounts and earnings at the indexed chain time (no endpoint data)." })
  @ApiParam({ name: "id", description: "Booking id (decimal).", example: "1" })
  @ApiOkResponse({ type: BookingDetailDto })
  @ApiBadRequestResponse({ description: "The id is not a decimal integer up to 2^63 − 1.", type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: "No such booking.", type: ErrorResponseDto })
  get(@Param("id", ParseIdPipe) id: string, @Query() _query: NoQueryDto): Promise<BookingDetailDto> {
    return this.bookings.get(id);
  }

  @Get(":id/sla-reports")
  @Public()
  @ApiOperation({ summary: "A booking's SLA reports, in period order." })
  @ApiParam({ name: "id", description: "Booking id (decimal).", example: "1" })
  @ApiOkResponse({ type: SlaReportPageDto })
  @ApiBadRequestResponse({ description: "The id or a page parameter is invalid.", type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: "No such booking.", type: ErrorResponseDto })
  slaReports(@Param("id", ParseIdPipe) id: string, @Query() query: PaginationQueryDto): Promise<Page<SlaReportDto>> {
    return this.sla.listForBooking(id, query);
  }
}
