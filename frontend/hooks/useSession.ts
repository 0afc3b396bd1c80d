"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";
import { createSiweMessage } from "viem/siwe";
import { useConnection } from "wagmi";
import { signMessage } from "wagmi/actions";
import { apiFetch, ApiError } from "@/lib/api";
import { config } from "@/lib/config";
import { decodeError } from "@/lib/decodeError";
import { type Session, type SessionState, sessionStore } from "@/lib/sessionStore";
import { wagmiConfig } from "@/lib/wagmiConfig";

export type { Session } from "@/lib/sessionStore";

/**
 * The Sign-In with Ethereum session: `signIn` asks the backend for a nonce, has the connected wallet
 * sign an EIP-4361 message (viem's `createSiweMessage`) and exchanges it for a JWT (`POST /auth/verify`),
 * kept in sessionStorage. The session ends when the wallet disconnects or switches account.
 */
export function useSession(): SessionState & { signIn: () => Promise<void>; signOut: () => void } {
  const state = useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.getServer);
  const { address, status: connection } = useConnection();

  const signOut = useCallback(() => sessionStore.set({ session: null, status: "signed-out", error: null }), []);

  // A session belongs to one address: drop it when the wallet goes away or changes account.
  useEffect(() => {
    const s = state.session;
    if (!s || connection === "connecting" || connection === "reconnecting") return;
    if (!address || address.toLowerCase() !== s.address.toLowerCase()) signOut();
  }, [address, connection, state.session, signOut]);

  const signIn = useCallback(async () => {
    if (!address) return;
    sessionStore.set({ session: null, status: "signing-in", error: null });
    try {
      const { nonce } = await apiFetch<{ nonce: string }>("/auth/nonce");
      const message = createSiweMessage({
        domain: process.env.NEXT_PUBLIC_SIWE_DOMAIN || window.location.host,
        address,
        statement: "Sign in to D-CloudX.",
        uri: window.location.origin,
        version: "1",
        chainId: config.chainId,
        nonce,
        issuedAt: new Date(),
        expirationTime: new Date(Date.now() + 10 * 60_000),
      });
      const signature = await signMessage(wagmiConfig, { message });
      const session = await apiFetch<Session>("/auth/verify", { method: "POST", body: { message, signature } });
      sessionStore.set({ session, status: "signed-in", error: null });
    } catch (e) {
      const error = e instanceof ApiError ? `${e.code ?? e.status}: ${e.message}` : decodeError(e).message;
      sessionStore.set({ session: null, status: "signed-out", error });
    }
  }, [address]);

  return { ...state, signIn, signOut };
}
