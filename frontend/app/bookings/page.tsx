import type { Metadata } from "next";
import { Suspense } from "react";
import { Loading } from "@/components/StateViews";
import { RequireWallet } from "@/components/wallet/RequireWallet";
import { WalletProviders } from "@/components/wallet/WalletProviders";
import { MyBookings } from "./_components/MyBookings";

export const metadata: Metadata = { title: "My bookings" };

/** The connected consumer's bookings. */
export default function BookingsPage() {
  return (
    <section aria-labelledby="bookings-title">
      <h1 id="bookings-title" className="h1">
        My bookings
      </h1>
      <p className="muted mt-1 text-sm">Everything you have booked, newest first.</p>
      <WalletProviders>
        <RequireWallet what="see your bookings">
          <Suspense fallback={<Loading />}>
            <MyBookings />
          </Suspense>
        </RequireWallet>
      </WalletProviders>
    </section>
  );
}
