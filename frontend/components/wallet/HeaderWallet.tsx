"use client";

import { WalletButton } from "./WalletButton";
import { WalletProviders } from "./WalletProviders";

/**
 * The header's wallet area with its own wagmi provider (loaded lazily by `HeaderWalletLazy`).
 * `openMenu`: the visitor clicked "Connect wallet" before this code arrived, so the menu opens at once.
 */
export default function HeaderWallet({ openMenu = false }: { openMenu?: boolean }) {
  return (
    <WalletProviders hydrate>
      <WalletButton defaultOpen={openMenu} />
    </WalletProviders>
  );
}
