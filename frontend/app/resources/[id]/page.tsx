import type { Metadata } from "next";
import { ResourceDetail } from "./_components/ResourceDetail";

export const metadata: Metadata = { title: "Resource" };

/** A listing: specs, SLA terms, the provider's record, and booking. */
export default async function ResourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ResourceDetail id={id} />;
}
