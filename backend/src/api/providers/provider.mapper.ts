import type { providers } from "../../database/schema.js";
import type { ProviderRecordDto } from "./dto/provider.dto.js";

/** A `providers` row as the API shows it. */
export function toProviderRecord(row: typeof providers.$inferSelect): ProviderRecordDto {
  return {
    address: row.address,
    registered: row.registered,
    stake: row.stake,
    metadataUri: row.metadataUri,
    registeredAt: row.registeredAt,
    reputationBps: row.reputationBps,
    periodsReported: row.periodsReported,
    violations: row.violations,
    slashedTotal: row.slashedTotal,
    openBookings: row.openBookings,
    stakeHolds: row.stakeHolds,
  };
}
