"use client";

import { useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { config } from "@/lib/config";

let socketPromise: Promise<Socket> | null = null;

/** One socket.io connection per page, created on first use (socket.io-client is loaded lazily). */
function getSocket(): Promise<Socket> {
  socketPromise ??= import("socket.io-client").then(({ io }) => io(config.apiUrl, { transports: ["websocket"] }));
  return socketPromise;
}

export type RealtimeStatus = "connecting" | "live" | "offline";

/**
 * Joins a realtime room (`global`, `booking:<id>`, `resource:<id>`, `provider:<address>`) and calls
 * `handlers[event]` for each message named there (e.g. `chain:event`, `compute.stats`). Leaves the
 * room on unmount. Returns the connection status.
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
    const onConnect = () => {
      setStatus("live");
      socket?.emit("subscribe", { room });
    };
    const onDisconnect = () => setStatus("offline");
    const onError = () => setStatus("offline");

    void getSocket().then((s) => {
      if (cancelled) return;
      socket = s;
      for (const [event, fn] of listeners) s.on(event, fn);
      s.on("connect", onConnect);
      s.on("disconnect", onDisconnect);
      s.on("connect_error", onError);
      if (s.connected) onConnect();
    });
    return () => {
      cancelled = true;
      if (!socket) return;
      for (const [event, fn] of listeners) socket.off(event, fn);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onError);
      socket.emit("unsubscribe", { room });
    };
  }, [room, events]);

  return status;
}
