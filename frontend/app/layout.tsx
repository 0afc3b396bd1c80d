import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/NavLinks";
import { HeaderWalletLazy } from "@/components/wallet/HeaderWalletLazy";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "D-CloudX", template: "%s · D-CloudX" },
  description:
    "A decentralized marketplace for cloud compute: on-chain escrow, SLA enforcement, verifiable scheduling receipts.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>
          <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/80">
            <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3 sm:px-6">
              <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
                <span
                  aria-hidden
                  className="grid h-6 w-6 place-items-center rounded-md bg-zinc-900 text-[10px] text-white dark:bg-white dark:text-zinc-900"
                >
                  DX
                </span>
                D-CloudX
              </Link>
              <NavLinks />
              <div className="ml-auto">
                <HeaderWalletLazy />
              </div>
            </nav>
          </header>
          <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
          <footer className="mx-auto max-w-7xl px-4 pb-10 text-xs text-zinc-500 sm:px-6">
            D-CloudX · compute with on-chain escrow, SLAs and verifiable scheduling receipts
          </footer>
        </Providers>
      </body>
    </html>
  );
}
