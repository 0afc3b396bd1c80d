import { sql, type SQL } from "drizzle-orm";

/**
 * An id (a validated decimal string, up to 2^63 − 1) as a SQL `bigint`: compared in the database, so
 * ids beyond JavaScript's safe integers stay exact.
 */
export function sqlId(id: string): SQL<number> {
  return sql<number>`cast(${id} as bigint)`;
}
