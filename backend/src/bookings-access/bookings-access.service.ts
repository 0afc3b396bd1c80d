import { ForbiddenException, Inject, Injectable, NotFoundException, Optional } from "@nestjs/common";
import { eq } from "drizzle-orm";
import type { Session } from "../auth/session.js";
import { ComputeService } from "../compute/compute.service.js";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { bookings } from "../database/schema.js";
import type { BookingAccessDto } from "./dto/booking-access.dto.js";

@Injectable()
export class BookingsAccessService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Optional() @Inject(ComputeService) private readonly compute?: ComputeService,
  ) {}

  /**
   * The booking's private data, as the index has it now.
   * @throws NotFoundException for an unknown booking; ForbiddenException unless the caller is its consumer or provider.
   */
  async access(id: number, session: Session): Promise<BookingAccessDto> {
    if (!Number.isSafeInteger(id) || id < 0) throw new NotFoundException(`Booking ${id} not found`);
    const [booking] = await this.database.db.select().from(bookings).where(eq(bookings.id, id)).limit(1);
    if (!booking) throw new NotFoundException(`Booking ${id} not found`);
    const caller = session.address.toLowerCase();
    if (caller !== booking.consumer && caller !== booking.provider) {
      throw new ForbiddenException(`Only booking ${id}'s consumer or provider may read its access data`);
    }
    const runtime = this.compute?.runtime(String(booking.id));
    return {
      bookingId: booking.id,
      resourceId: booking.resourceId,
      consumer: booking.consumer,
      provider: booking.provider,
      state: booking.state,
      endpointHash: booking.endpointHash,
      startTime: booking.startTime,
      endTime: booking.endTime,
      provisionDeadline: booking.provisionDeadline,
      // From the compute plane of this node (in memory): none unless it runs the booking.
      endpoint: runtime?.endpoint ?? null,
      instances: runtime?.instances().map((i) => ({ id: i.id, status: i.state })) ?? [],
      updatedBlock: booking.updatedBlock,
    };
  }
}
