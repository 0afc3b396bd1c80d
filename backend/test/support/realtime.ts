import { io, type Socket } from "socket.io-client";
import type { Json } from "./siwe.js";

/** A socket.io client connected to the backend, recording every message it receives. */
export type RealtimeClient = {
  socket: Socket;
  received: { event: string; data: Json; at: number }[];
  subscribe(room: unknown): Promise<Json>;
  unsubscribe(room: unknown): Promise<Json>;
  /** Resolves with the first recorded message (past or future) matching `predicate`. */
  waitFor(event: string, predicate?: (data: Json) => boolean, timeoutMs?: number): Promise<Json>;
  of(event: string): Json[];
  close(): void;
};

export async function connectRealtime(url: string, options: { origin?: string } = {}): Promise<RealtimeClient> {
  const socket = io(url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: options.origin ? { origin: options.origin } : undefined,
  });
  const received: RealtimeClient["received"] = [];
  const waiters = new Set<() => void>();
  socket.onAny((event: string, data: unknown) => {
    received.push({ event, data, at: performance.now() });
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return {
    socket,
    received,
    subscribe: (room) => socket.timeout(5_000).emitWithAck("subscribe", { room }),
    unsubscribe: (room) => socket.timeout(5_000).emitWithAck("unsubscribe", { room }),
    of: (event) => received.filter((m) => m.event === event).map((m) => m.data),
    waitFor(event, predicate = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = received.find((m) => m.event === event && predicate(m.data));
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit.data);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} matching the predicate within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => socket.close(),
  };
}
