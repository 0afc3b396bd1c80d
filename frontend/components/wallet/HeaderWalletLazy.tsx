"use client";

import dynamic from "next/dynamic";

/** The wallet button, loaded after the page is interactive: wagmi and viem stay out of the first load. */
export const HeaderWalletLazy = dynamic(() => import("./HeaderWallet"), {
  ssr: false,
  loading: () => (
    <button type="button" className="btn-secondary" disabled>
      Connect wallet
    </button>
  ),
});
