"use client";

import type { ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { wagmiConfig } from "@/lib/wagmiConfig";

/**
 * wagmi for a part of the page. Every instance shares the one `wagmiConfig` (its state and storage),
 * so the header's wallet button and a page's forms see the same connection. Only the header's
 * instance reconnects on mount.
 */
export function WalletProviders({ children, reconnect = false }: { children: ReactNode; reconnect?: boolean }) {
  return (
    <WagmiProvider config={wagmiConfig} reconnectOnMount={reconnect}>
      {children}
    </WagmiProvider>
  );
}
