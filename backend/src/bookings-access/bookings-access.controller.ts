import { Controller, Get, Header, Inject, Param, ParseIntPipe } from "@nestjs/common";
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from "@nestjs/swagger";
import { CurrentSession } from "../auth/current-session.decorator.js";
import type { Session } from "../auth/session.js";
import { BookingsAccessService } from "./bookings-access.service.js";
import { BookingAccessDto } from "./dto/booking-access.dto.js";

@ApiTags("bookings")
@ApiBearerAuth()
@Controller("bookings")
export class BookingsAccessController {
  constructor(@Inject(BookingsAccessService) private readonly access: BookingsAccessService) {}

  @Get(":id/access")
  @Header("Cache-Control", "private, no-store")
  @ApiOperation({
    summary: "A booking's private connection data (endpoint, instances): its consumer and provider only",
  })
  @ApiOkResponse({ type: BookingAccessDto })
  @ApiUnauthorizedResponse({ description: "No session." })
  @ApiForbiddenResponse({ description: "The caller is neither the booking's consumer nor its provider." })
  @ApiNotFoundResponse({ description: "No such booking in the index." })
  get(@Param("id", ParseIntPipe) id: number, @CurrentSession() session: Session): Promise<BookingAccessDto> {
    return this.access.access(id, session);
  }
}
