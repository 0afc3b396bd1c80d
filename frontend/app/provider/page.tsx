import type { Metadata } from "next";
import { RequireWallet } from "@/components/wallet/RequireWallet";
import { WalletProviders } from "@/components/wallet/WalletProviders";
import { ProviderDashboard } from "./_components/ProviderDashboard";

export const metadata: Metadata = { title: "Provider" };

/** The provider's console: stake, listings, bookings to activate, earnings, reputation and SLA history. */
export default function ProviderPage() {
  return (
    <section aria-labelledby="provider-title">
      <h1 id="provider-title" className="h1">
        Provider
      </h1>
      <p className="muted mt-1 text-sm">Stake, list machines, activate bookings and withdraw what you have earned.</p>
      <WalletProviders>
        <RequireWallet what="manage your listings">
          <ProviderDashboard />
        </RequireWallet>
      </WalletProviders>
    </section>
  );
}
