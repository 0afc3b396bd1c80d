"use client";

import { type ReactNode, useEffect } from "react";
import { WagmiContext, WagmiProvider } from "wagmi";
import { wagmiConfig } from "@/lib/wagmiConfig";
import { walletDemand } from "./walletDemand";

/**
 * wagmi for a part of the page. Every instance shares the one `wagmiConfig` (its state and storage),
 * so the header's wallet button and a page's forms see the same connection. Only the header's
 * instance (`hydrate`) is a full `WagmiProvider`, which restores the connection from storage and
 * discovers EIP-6963 wallets; pages only provide the context: a second `WagmiProvider` would
 * hydrate again and reset the live connection. A page's instance therefore asks the header to load
 * its wallet (`walletDemand`) if it has not yet.
 */
export function WalletProviders({ children, hydrate = false }: { children: ReactNode; hydrate?: boolean }) {
  useEffect(() => {
    if (!hydrate) walletDemand.request();
  }, [hydrate]);
  if (hydrate)
    return (
      <WagmiProvider config={wagmiConfig} reconnectOnMount>
        {children}
      </WagmiProvider>
    );
  return <WagmiContext.Provider value={wagmiConfig}>{children}</WagmiContext.Provider>;
}
