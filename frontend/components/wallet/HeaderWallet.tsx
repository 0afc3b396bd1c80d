"use client";

import { WalletButton } from "./WalletButton";
import { WalletProviders } from "./WalletProviders";

/** The header's wallet area with its own wagmi provider (loaded lazily by `HeaderWalletLazy`). */
export default function HeaderWallet() {
  return (
    <WalletProviders hydrate>
      <WalletButton />
    </WalletProviders>
  );
}
