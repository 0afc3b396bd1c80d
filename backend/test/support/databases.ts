import { randomBytes } from "node:crypto";
import pg from "pg";

export type DatabaseKind = "pglite" | "postgres";

/**
 * The databases every e2e suite runs against: embedded PGlite always, and a PostgreSQL server
 * when TEST_DATABASE_URL is set (CI starts one). On CI a missing server is an error, not a skip.
 */
export function databaseKinds(): DatabaseKind[] {
  if (process.env.TEST_DATABASE_URL) return ["pglite", "postgres"];
  if (process.env.CI) throw new Error("CI must set TEST_DATABASE_URL so the suites also run against PostgreSQL");
  return ["pglite"];
}

/** A fresh, empty database of the given kind: its URL (undefined for PGlite in memory) and a drop function. */
export async function freshDatabase(kind: DatabaseKind): Promise<{ url?: string; drop(): Promise<void> }> {
  if (kind === "pglite") return { url: undefined, drop: async () => {} };
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `dcx_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
