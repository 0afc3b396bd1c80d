import { Inject, Logger, Optional } from "@nestjs/common";
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from "@nestjs/websockets";
import type { Server, Socket } from "socket.io";
import { MetricsService } from "../metrics/metrics.service.js";
import type {
  ChainEventMessage,
  IndexerBlockMessage,
  IndexerReorgMessage,
  SubscriptionAck,
} from "./realtime.messages.js";
import { GLOBAL_ROOM, parseRoom } from "./rooms.js";

/** Rooms one connection may be in at once (besides its own socket id). */
export const MAX_ROOMS_PER_SOCKET = 64;

/**
 * socket.io endpoint (same port as the API, path `/socket.io`). Clients
 * `emit("subscribe", { room }, ack)` / `emit("unsubscribe", { room }, ack)`; rooms are `global`,
 * `resource:<id>`, `booking:<id>`, `provider:<address>`. The data is public chain data, so no
 * session is needed. CORS comes from `CORS_ORIGINS` through {@link DcxIoAdapter}.
 */
@WebSocketGateway()
export class EventsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger("Realtime");
  @WebSocketServer() server?: Server;

  constructor(@Optional() @Inject(MetricsService) private readonly metrics?: MetricsService) {}

  handleConnection(): void {
    this.metrics?.realtimeConnections.inc();
  }

  handleDisconnect(): void {
    this.metrics?.realtimeConnections.dec();
  }

  @SubscribeMessage("subscribe")
  async subscribe(@ConnectedSocket() client: Socket, @MessageBody() body: unknown): Promise<SubscriptionAck> {
    const room = parseRoom(roomName(body));
    if (!room) return { ok: false, error: invalidRoom(body) };
    if (!client.rooms.has(room) && client.rooms.size - 1 >= MAX_ROOMS_PER_SOCKET) {
      return { ok: false, error: `Too many subscriptions: at most ${MAX_ROOMS_PER_SOCKET} rooms per connection` };
    }
    await client.join(room);
    return { ok: true, room, rooms: joined(client) };
  }

  @SubscribeMessage("unsubscribe")
  async unsubscribe(@ConnectedSocket() client: Socket, @MessageBody() body: unknown): Promise<SubscriptionAck> {
    const room = parseRoom(roomName(body));
    if (!room) return { ok: false, error: invalidRoom(body) };
    await client.leave(room);
    return { ok: true, room, rooms: joined(client) };
  }

  /**
   * One message of another module (compute plane, receipts) to the union of `rooms`: the one way
   * the application pushes to clients besides chain events, so every message is counted alike.
   */
  publish(rooms: string | string[], event: string, message: unknown): void {
    if (!this.server) return;
    this.server.to(rooms).emit(event, message);
    this.metrics?.realtimeMessages.inc({ event });
  }

  /** One `chain:event` to the union of `rooms` (each client gets it once). */
  emitChainEvent(message: ChainEventMessage): void {
    if (!this.server) return;
    this.server.to(message.rooms).emit("chain:event", message);
    this.metrics?.realtimeMessages.inc({ event: "chain:event" });
  }

  emitBlock(message: IndexerBlockMessage): void {
    if (!this.server) return;
    this.server.to(GLOBAL_ROOM).emit("indexer:block", message);
    this.metrics?.realtimeMessages.inc({ event: "indexer:block" });
  }

  /** To every connected client: whatever they show may have changed. */
  emitReorg(message: IndexerReorgMessage): void {
    if (!this.server) return;
    this.logger.log(`reorg to block ${message.ancestor.blockNumber} (depth ${message.depth}) sent to clients`);
    this.server.emit("indexer:reorg", message);
    this.metrics?.realtimeMessages.inc({ event: "indexer:reorg" });
  }
}

function roomName(body: unknown): unknown {
  if (typeof body === "string") return body;
  if (body !== null && typeof body === "object") return (body as { room?: unknown }).room;
  return undefined;
}

function invalidRoom(body: unknown): string {
  const name = roomName(body);
  return `Invalid room ${JSON.stringify(typeof name === "string" ? name.slice(0, 100) : (name ?? null))}: expected "global", "resource:<id>", "booking:<id>" or "provider:<address>"`;
}

function joined(client: Socket): string[] {
  return [...client.rooms].filter((r) => r !== client.id);
}
