/** A backend session obtained by Sign-In with Ethereum. */
export type Session = { token: string; address: string; chainId: number; roles: string[]; expiresAt: string };

export type SessionState = {
  session: Session | null;
  status: "signed-out" | "signing-in" | "signed-in";
  error: string | null;
};

const storageKey = "dcx.session";
const listeners = new Set<() => void>();
let state: SessionState = { session: null, status: "signed-out", error: null };
let loaded = false;

function load() {
  if (loaded || typeof sessionStorage === "undefined") return;
  loaded = true;
  try {
    const s = JSON.parse(sessionStorage.getItem(storageKey) ?? "null") as Session | null;
    if (s && Date.parse(s.expiresAt) > Date.now()) state = { session: s, status: "signed-in", error: null };
  } catch {
    sessionStorage.removeItem(storageKey);
  }
}

/**
 * The one session of the page, kept in sessionStorage (a tab's sign-in ends with the tab) and shared
 * by every component through `useSyncExternalStore`.
 */
export const sessionStore = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get(): SessionState {
    load();
    if (state.session && Date.parse(state.session.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(storageKey);
      state = { session: null, status: "signed-out", error: "Session expired: sign in again." };
    }
    return state;
  },
  getServer(): SessionState {
    return serverState;
  },
  set(next: SessionState) {
    state = next;
    if (typeof sessionStorage !== "undefined") {
      if (next.session) sessionStorage.setItem(storageKey, JSON.stringify(next.session));
      else sessionStorage.removeItem(storageKey);
    }
    for (const l of listeners) l();
  },
};

const serverState: SessionState = { session: null, status: "signed-out", error: null };
