"use client";

import { useEffect, useRef, useState } from "react";
import { useConfig, useConnection, useConnectors } from "wagmi";
import { connect, disconnect, switchChain } from "wagmi/actions";
import { useSession } from "@/hooks/useSession";
import { appChain } from "@/lib/chain";
import { config } from "@/lib/config";
import { decodeError } from "@/lib/decodeError";
import { devWalletType } from "@/lib/devWallet";
import { shortAddress } from "@/lib/format";

/**
 * Connect (EIP-6963 wallets, `window.ethereum`, or on chain 31337 the dev wallet), switch network
 * when the wallet is elsewhere, Sign-In with Ethereum, sign out and disconnect. `defaultOpen` opens the
 * menu on mount (the click that asked for the wallet code came before it loaded).
 */
export function WalletButton({ defaultOpen = false }: { defaultOpen?: boolean }) {
  const wagmiConfig = useConfig();
  const connectors = useConnectors();
  const { address, chainId, isConnected, connector } = useConnection();
  const { session, status, error: signInError, signIn, signOut } = useSession();
  const [open, setOpen] = useState(defaultOpen);
  const [error, setError] = useState<string | null>(null);
  const [mounted, setMounted] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => setMounted(true), []);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (menuRef.current && !menuRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (!mounted) {
    return (
      <button type="button" className="btn-secondary" disabled>
        Connect wallet
      </button>
    );
  }

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setOpen(false);
    } catch (e) {
      setError(decodeError(e).message);
    }
  };

  if (!isConnected || !address) {
    // Several wagmi providers share one config; EIP-6963 wallets are listed once each (by id / rdns).
    const wallets = connectors.filter(
      (c, i) => c.type !== devWalletType && connectors.findIndex((o) => o.id === c.id) === i,
    );
    const devWallets = config.devWalletEnabled ? connectors.filter((c) => c.type === devWalletType) : [];
    return (
      <div className="relative" ref={menuRef}>
        <button
          type="button"
          className="btn-primary"
          aria-haspopup="menu"
          aria-expanded={open}
          data-testid="connect-wallet"
          onClick={() => setOpen((o) => !o)}
        >
          Connect wallet
        </button>
        {open ? (
          <div
            role="menu"
            aria-label="Wallets"
            className="absolute right-0 z-20 mt-2 w-72 rounded-xl border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
          >
            <p className="muted px-2 py-1 text-xs font-medium">Browser wallets</p>
            {wallets.map((c) => (
              <button
                key={c.uid}
                type="button"
                role="menuitem"
                className="w-full rounded-lg px-2 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                onClick={() => run(() => connect(wagmiConfig, { connector: c, chainId: appChain.id }))}
              >
                {c.id === "injected" ? "Browser wallet (injected)" : c.name}
              </button>
            ))}
            {devWallets.length > 0 ? (
              <>
                <p className="muted mt-2 border-t border-zinc-200 px-2 pt-2 text-xs font-medium dark:border-zinc-800">
                  Dev wallet (local chain only, funded test accounts)
                </p>
                {devWallets.map((c) => (
                  <button
                    key={c.uid}
                    type="button"
                    role="menuitem"
                    data-testid={`dev-wallet-${c.id.split("-").pop()}`}
                    className="w-full rounded-lg px-2 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
                    onClick={() => run(() => connect(wagmiConfig, { connector: c }))}
                  >
                    {c.name.replace("Dev wallet · ", "")}
                  </button>
                ))}
              </>
            ) : null}
            {error ? (
              <p role="alert" className="field-error px-2">
                {error}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    );
  }

  if (chainId !== appChain.id) {
    return (
      <div className="flex items-center gap-2">
        <span role="alert" className="text-xs text-amber-700 dark:text-amber-300">
          Wrong network
        </span>
        <button
          type="button"
          className="btn-primary"
          data-testid="switch-network"
          onClick={() => run(() => switchChain(wagmiConfig, { chainId: appChain.id }))}
        >
          Switch to {appChain.name}
        </button>
        <button type="button" className="btn-secondary" onClick={() => run(() => disconnect(wagmiConfig))}>
          Disconnect
        </button>
      </div>
    );
  }

  return (
    <div className="relative flex items-center gap-2" ref={menuRef}>
      {session ? null : (
        <button
          type="button"
          className="btn-secondary"
          data-testid="sign-in"
          disabled={status === "signing-in"}
          onClick={() => void signIn()}
        >
          {status === "signing-in" ? "Signing in…" : "Sign in"}
        </button>
      )}
      <button
        type="button"
        className="btn-secondary font-mono"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="account-button"
        data-address={address.toLowerCase()}
        onClick={() => setOpen((o) => !o)}
      >
        <span
          aria-hidden
          className={`h-2 w-2 rounded-full ${session ? "bg-emerald-500" : "bg-zinc-400"}`}
          title={session ? "Signed in" : "Not signed in"}
        />
        {shortAddress(address)}
      </button>
      {open ? (
        <div
          role="menu"
          aria-label="Account"
          className="absolute right-0 top-full z-20 mt-2 w-64 rounded-xl border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <p className="mono px-2 py-1">{address}</p>
          <p className="muted px-2 pb-2 text-xs">
            {connector?.name} · {session ? `signed in (${session.roles.join(", ") || "no roles"})` : "not signed in"}
          </p>
          {session ? (
            <button
              type="button"
              role="menuitem"
              data-testid="sign-out"
              className="w-full rounded-lg px-2 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
              onClick={() => {
                signOut();
                setOpen(false);
              }}
            >
              Sign out
            </button>
          ) : null}
          <button
            type="button"
            role="menuitem"
            data-testid="disconnect"
            className="w-full rounded-lg px-2 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
            onClick={() => run(() => disconnect(wagmiConfig))}
          >
            Disconnect
          </button>
        </div>
      ) : null}
      {signInError ? (
        <p
          role="alert"
          data-testid="sign-in-error"
          className="field-error absolute right-0 top-full mt-1 w-72 text-right"
        >
          {signInError}
        </p>
      ) : null}
    </div>
  );
}
