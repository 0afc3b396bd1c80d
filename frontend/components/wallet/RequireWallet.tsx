"use client";

import type { ReactNode } from "react";
import { useConnection } from "wagmi";
import { appChain } from "@/lib/chain";

/** Renders its children once a wallet is connected on the right chain; otherwise says what to do. */
export function RequireWallet({ children, what = "continue" }: { children: ReactNode; what?: string }) {
  const { isConnected, chainId } = useConnection();
  if (!isConnected)
    return (
      <p className="muted mt-4 text-sm" data-testid="wallet-required">
        Connect a wallet (top right) to {what}.
      </p>
    );
  if (chainId !== appChain.id)
    return (
      <p className="mt-4 text-sm text-amber-700 dark:text-amber-300" role="alert">
        Your wallet is on another network: switch to {appChain.name} (top right) to {what}.
      </p>
    );
  return <>{children}</>;
}
