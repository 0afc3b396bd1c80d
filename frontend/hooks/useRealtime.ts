"use client";

import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { config } from "@/lib/config";

let socketPromise: Promise<Socket> | null = null;
/** How many mounted components use each room: join on the first, leave after the last. */
const roomUsers = new Map<string, number>();

/** One socket.io connection per page, created on first use (socket.io-client is loaded lazily). */
function getSocket(): Promise<Socket> {
  socketPromise ??= import("socket.io-client").then(({ io }) => {
    const socket = io(config.apiUrl, { transports: ["websocket"] });
    // Rooms are per connection: join them again after every (re)connect.
    socket.on("connect", () => {
      for (const room of roomUsers.keys()) socket.emit("subscribe", { room });
    });
    return socket;
  });
  return socketPromise;
}

export type RealtimeStatus = "connecting" | "live" | "offline";

/**
 * Joins a realtime room (`global`, `booking:<id>`, `resource:<id>`, `provider:<address>`) and calls
 * `handlers[event]` for each message of that name (e.g. `chain:event`, `compute.stats`). Leaves the
 * room when the last component using it unmounts. Returns the connection status.
 */
export function useRealtime(room: string | null, handlers: Record<string, (payload: unknown) => void>): RealtimeStatus {
  const [status, setStatus] = useState<RealtimeStatus>("connecting");
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const events = Object.keys(handlers).sort().join(",");

  useEffect(() => {
    if (!room) return;
    let socket: Socket | null = null;
    let cancelled = false;
    const listeners = events
      .split(",")
      .filter(Boolean)
      .map((event) => [event, (payload: unknown) => handlersRef.current[event]?.(payload)] as const);
    const onConnect = () => setStatus("live");
    const onDisconnect = () => setStatus("offline");

    void getSocket().then((s) => {
      if (cancelled) return;
      socket = s;
      for (const [event, fn] of listeners) s.on(event, fn);
      s.on("connect", onConnect);
      s.on("disconnect", onDisconnect);
      s.on("connect_error", onDisconnect);
      const users = roomUsers.get(room) ?? 0;
      roomUsers.set(room, users + 1);
      if (s.connected) {
        if (users === 0) s.emit("subscribe", { room });
        onConnect();
      }
    });
    return () => {
      cancelled = true;
      if (!socket) return;
      for (const [event, fn] of listeners) socket.off(event, fn);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onDisconnect);
      const users = (roomUsers.get(room) ?? 1) - 1;
      if (users <= 0) {
        roomUsers.delete(room);
        socket.emit("unsubscribe", { room });
      } else roomUsers.set(room, users);
    };
  }, [room, events]);

  return status;
}
