import { WebSocketGateway, WebSocketServer } from "@nestjs/websockets";
import type { Server } from "socket.io";
import { GLOBAL_ROOM } from "../realtime/rooms.js";

/** `receipts.anchored`: a batch of this node's receipts is anchored on-chain and indexed (to `global`). */
export type ReceiptsAnchoredMessage = {
  batchId: number;
  root: string;
  provider: string;
  anchorer: string;
  /** Receipts (leaves) in the batch. */
  count: number;
  /** Decisions they stand for (more when some were aggregated). */
  decisions: number;
  txHash: string;
  blockNumber: number;
};

/**
 * Sends the receipts module's realtime messages. It shares the application's socket.io server with
 * the realtime module's gateway (same port and path: Nest reuses the server), so clients subscribed
 * to `global` receive them with the chain events.
 */
@WebSocketGateway()
export class ReceiptsGateway {
  @WebSocketServer() server?: Server;

  emitAnchored(message: ReceiptsAnchoredMessage): void {
    this.server?.to(GLOBAL_ROOM).emit("receipts.anchored", message);
  }
}
