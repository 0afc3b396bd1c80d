"use client";

import dynamic from "next/dynamic";
import { useEffect, useState, useSyncExternalStore } from "react";
import { hasStoredWallet, walletDemand } from "./walletDemand";

const loadHeaderWallet = () => import("./HeaderWallet");

/** Shown while the wallet code downloads (the wagmi connection is not known yet). */
function Pending() {
  return (
    <button type="button" className="btn-primary" aria-busy disabled>
      Connect wallet
    </button>
  );
}

const HeaderWallet = dynamic(loadHeaderWallet, { ssr: false, loading: Pending });

/**
 * The header's wallet area, with wagmi and viem out of the first load. Until something needs the
 * wallet (see `walletDemand`), it is a plain "Connect wallet" button: clicking it loads the wallet
 * and opens its menu; pointing at or focusing it starts the download early. Visitors with a
 * connection or session to restore, and pages with wallet forms, get the wallet right away.
 */
export function HeaderWalletLazy() {
  const demanded = useSyncExternalStore(walletDemand.subscribe, walletDemand.get, walletDemand.getServer);
  const [openMenu, setOpenMenu] = useState(false);

  useEffect(() => {
    if (hasStoredWallet()) walletDemand.request();
  }, []);

  if (demanded) return <HeaderWallet openMenu={openMenu} />;
  const preload = () => void loadHeaderWallet();
  return (
    <button
      type="button"
      className="btn-primary"
      aria-haspopup="menu"
      aria-expanded={false}
      data-testid="connect-wallet"
      onPointerEnter={preload}
      onFocus={preload}
      onClick={() => {
        setOpenMenu(true);
        walletDemand.request();
      }}
    >
      Connect wallet
    </button>
  );
}
