import type { INestApplication } from "@nestjs/common";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { DATABASE } from "../../src/database/constants.js";
import type { Database } from "../../src/database/database.js";
import { IndexerService } from "../../src/indexer/indexer.service.js";
import { freshDatabase, type DatabaseKind } from "./databases.js";
import type { LocalChain } from "./localChain.js";

export type TestBackend = {
  app: INestApplication;
  url: string;
  indexer: IndexerService;
  database: Database;
  /** Waits until the index reaches the chain's current head. */
  synced(): Promise<void>;
  close(): Promise<void>;
};

/**
 * Boots the real backend (the same `createApp` as `main.ts`) against a local chain and a fresh
 * database of the given kind, listening on a free port.
 */
export async function startBackend(
  chain: LocalChain,
  kind: DatabaseKind,
  env: Record<string, string> = {},
  existing?: { url?: string; dataDir?: string },
): Promise<TestBackend & { databaseUrl?: string; dropDatabase(): Promise<void> }> {
  const db = existing ? { url: existing.url, drop: async () => {} } : await freshDatabase(kind);
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    PORT: "0",
    RPC_URL: chain.rpcUrl,
    DEPLOYMENT_FILE: chain.deploymentFile,
    PGLITE_DATA_DIR: existing?.dataDir ?? "memory://",
    INDEXER_POLL_MS: "50",
    // Suites sign in many times from 127.0.0.1; the limit itself is tested with a low value.
    AUTH_RATE_LIMIT_PER_MINUTE: "100000",
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, "127.0.0.1");
  const server = app.getHttpServer() as { address(): { port: number } };
  const indexer = app.get(IndexerService);
  return {
    app,
    url: `http://127.0.0.1:${server.address().port}`,
    indexer,
    database: app.get<Database>(DATABASE),
    databaseUrl: db.url,
    async synced() {
      await indexer.waitForBlock(await chain.publicClient.getBlockNumber({ cacheTime: 0 }));
    },
    close: () => app.close(),
    dropDatabase: () => db.drop(),
  };
}
