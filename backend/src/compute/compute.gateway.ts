import { WebSocketGateway, WebSocketServer } from "@nestjs/websockets";
import type { Server } from "socket.io";

/**
 * Publishes the compute plane to socket.io rooms `booking:<id>` (clients join them through the
 * realtime gateway's `subscribe`): `compute.stats` every stats interval, `compute.scaled`,
 * `compute.instance`. Shares the application's socket.io server.
 */
@WebSocketGateway()
export class ComputeGateway {
  @WebSocketServer() server?: Server;

  emit(bookingId: string, event: "compute.stats" | "compute.scaled" | "compute.instance", message: unknown): void {
    this.server?.to(`booking:${bookingId}`).emit(event, message);
  }
}
