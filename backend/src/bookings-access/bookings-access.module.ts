import { Module } from "@nestjs/common";
import { BookingsAccessController } from "./bookings-access.controller.js";
import { BookingsAccessService } from "./bookings-access.service.js";

/** `GET /bookings/:id/access`: the authenticated half of bookings (the public reads live in `api/`). */
@Module({ controllers: [BookingsAccessController], providers: [BookingsAccessService] })
export class BookingsAccessModule {}
