import type { Metadata } from "next";
import { ProviderRecord } from "./_components/ProviderRecord";

export const metadata: Metadata = { title: "Provider record" };

/** A provider's on-chain record: stake, reputation over time, bookings, SLA reports and penalties. */
export default async function ProviderRecordPage({ params }: { params: Promise<{ address: string }> }) {
  const { address } = await params;
  return <ProviderRecord address={address} />;
}
