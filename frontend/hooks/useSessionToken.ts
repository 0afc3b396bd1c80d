"use client";

import { useSyncExternalStore } from "react";
import { sessionStore } from "@/lib/sessionStore";

/** The session token alone, for API calls that need it (no wallet code is loaded). */
export function useSessionToken(): string | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.getServer).session?.token ?? null;
}
