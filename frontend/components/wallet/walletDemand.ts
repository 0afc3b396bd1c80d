/**
 * Whether the page needs wallet code now. The header loads wagmi and viem only when something asks
 * for them: the visitor opens the wallet menu, a page renders wallet forms (`WalletProviders`), or
 * the browser holds a connection or session to restore. A first visit to the marketplace never does,
 * so its first load carries no wallet code.
 *
 * Deliberately free of imports: it is part of every page's first load.
 */
const listeners = new Set<() => void>();
let demanded = false;

/** The wagmi store's key in localStorage (`createStorage`'s default prefix + `.store`). */
const wagmiStoreKey = "wagmi.store";
/** The Sign-In with Ethereum session's key in sessionStorage (see `lib/sessionStore.ts`). */
const sessionKey = "dcx.session";

export const walletDemand = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get(): boolean {
    return demanded;
  },
  /** The server never renders wallet code. */
  getServer(): boolean {
    return false;
  },
  /** Load the wallet (idempotent). */
  request(): void {
    if (demanded) return;
    demanded = true;
    for (const listener of listeners) listener();
  },
};

/**
 * True when this browser has something for the wallet to restore: wagmi's persisted state names a
 * current connection (as it does until the visitor disconnects), or a SIWE session is stored. wagmi
 * would reconnect it on mount, so the header loads at once for these visitors, as it always did.
 */
export function hasStoredWallet(): boolean {
  try {
    if (sessionStorage.getItem(sessionKey)) return true;
    const raw = localStorage.getItem(wagmiStoreKey);
    if (!raw) return false;
    const stored = JSON.parse(raw) as { state?: { current?: unknown; connections?: { value?: unknown[] } } };
    return Boolean(stored.state?.current) || (stored.state?.connections?.value?.length ?? 0) > 0;
  } catch {
    // Storage disabled or unreadable: there is nothing to restore.
    return false;
  }
}
