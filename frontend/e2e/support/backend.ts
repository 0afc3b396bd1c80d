import { existsSync } from "node:fs";
import path from "node:path";
import type { E2eChain } from "./chain.js";
import { repoRoot } from "./paths.js";
import { freePort, type StackProcess, startProcess, waitUntil } from "./processes.js";
import { testPrivateKey } from "./wallet.js";

/**
 * Hardhat account whose key the backend anchors receipt batches with (`RECEIPTS_SCHEDULER_KEYS`, as
 * `npm start` passes #10-#12). It anchors for whichever provider authorizes it on the ReceiptRegistry.
 */
export const E2E_SCHEDULER_ACCOUNT = 10;

/** The real backend process (`backend/dist/src/main.js`) on an in-memory PGlite database. */
export type E2eBackend = {
  url: string;
  process: StackProcess;
  /** Waits until the indexer has reached the chain's current head (GET /chain/status). */
  synced(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

const MAIN = path.join(repoRoot, "backend", "dist", "src", "main.js");

/**
 * Starts the backend as `npm start` does, against `chain`, answering the web app at `webOrigin`
 * (Sign-In with Ethereum domain and CORS), with the compute plane on and a scheduler key to anchor
 * receipt batches ({@link E2E_SCHEDULER_ACCOUNT}).
 */
export async function startBackend(chain: E2eChain, webOrigin: URL, port?: number): Promise<E2eBackend> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the backend first (npm run build -w backend).`);
  const listenPort = port ?? (await freePort());
  const url = `http://127.0.0.1:${listenPort}`;
  const proc = startProcess("backend", process.execPath, [MAIN], {
    cwd: repoRoot,
    env: {
      NODE_ENV: "development",
      LOG_LEVEL: process.env.DCX_E2E_VERBOSE ? "info" : "warn",
      PORT: String(listenPort),
      HOST: "127.0.0.1",
      RPC_URL: chain.rpcUrl,
      DEPLOYMENT_FILE: chain.deploymentFile,
      PGLITE_DATA_DIR: "memory://",
      DATABASE_URL: "",
      INDEXER_POLL_MS: "100",
      SIWE_DOMAIN: webOrigin.host,
      CORS_ORIGINS: webOrigin.origin,
      AUTH_RATE_LIMIT_PER_MINUTE: "10000",
      // The compute plane provisions every provider's Active bookings (local processes), as `npm start` does.
      COMPUTE_ENABLED: "true",
      COMPUTE_PROVIDERS: "*",
      // Receipts: a batch closes a second after its first receipt and is anchored with the e2e scheduler key.
      RECEIPTS_BATCH_SECONDS: "1",
      RECEIPTS_SCHEDULER_KEYS: testPrivateKey(E2E_SCHEDULER_ACCOUNT),
      RECEIPTS_PUBLIC_URL: url,
    },
  });
  const backend: E2eBackend = {
    url,
    process: proc,
    async synced(timeoutMs = 30_000) {
      const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }));
      await waitUntil(
        `backend index at block ${head}`,
        async () => {
          const res = await fetch(`${url}/chain/status`);
          const body = (await res.json()) as { indexedBlock: number | null };
          return (body.indexedBlock ?? -1) >= head;
        },
        { timeoutMs, intervalMs: 100, process: proc },
      );
    },
    stop: () => proc.stop(),
  };
  try {
    await waitUntil(`backend on ${url}`, async () => (await fetch(`${url}/health`)).ok, {
      timeoutMs: 60_000,
      process: proc,
    });
    await backend.synced();
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return backend;
}
