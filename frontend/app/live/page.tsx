import type { Metadata } from "next";
import { LiveFeed } from "./_components/LiveFeed";

export const metadata: Metadata = { title: "Live" };

/** Live operations: new listings, bookings, anchors, SLA reports and scaling, as they happen. */
export default function LivePage() {
  return (
    <section aria-labelledby="live-title">
      <h1 id="live-title" className="h1">
        Live operations
      </h1>
      <p className="muted mt-1 text-sm">
        Listings, bookings, anchored receipts, SLA reports, stake and scaling as they happen, newest first (token
        transfers and other plumbing under “all events”).
      </p>
      <LiveFeed />
    </section>
  );
}
