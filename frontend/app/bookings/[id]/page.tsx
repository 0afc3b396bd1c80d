import type { Metadata } from "next";
import { WalletProviders } from "@/components/wallet/WalletProviders";
import { BookingDetail } from "./_components/BookingDetail";

export const metadata: Metadata = { title: "Booking" };

/** One booking: state, endpoint, instances, live metrics, SLA periods, usage, and its actions. */
export default async function BookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <WalletProviders>
      <BookingDetail id={id} />
    </WalletProviders>
  );
}
