import { Module } from "@nestjs/common";
import { ComputeModule } from "../compute/compute.module.js";
import { BookingsAccessController } from "./bookings-access.controller.js";
import { BookingsAccessService } from "./bookings-access.service.js";

/** `GET /bookings/:id/access`: the authenticated half of bookings (the public reads live in `api/`). */
@Module({ imports: [ComputeModule], controllers: [BookingsAccessController], providers: [BookingsAccessService] })
export class BookingsAccessModule {}
