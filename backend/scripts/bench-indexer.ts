/**
 * Indexer benchmark: backfill throughput into PGlite and PostgreSQL, and realtime lag
 * (block mined → socket.io `chain:event` received).
 *
 *   npm run bench:indexer                     # PGlite only
 *   BENCH_DATABASE_URL=postgres://… npm run bench:indexer   # also PostgreSQL (needs CREATEDB: a fresh database per run)
 *
 * Environment: BENCH_EVENTS (default 20000), BENCH_REALTIME_BLOCKS (default 100), and any backend
 * variable prefixed with BENCH_ENV_ (e.g. BENCH_ENV_INDEXER_CHUNK_BLOCKS=20); defaults otherwise.
 * Targets: backfill >= 2,000 events/s, realtime p95 <= 1 s. Prints PASS/FAIL, never exits non-zero
 * for a missed target.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { abis } from "@dcx/sdk";
import { encodeFunctionData, keccak256, maxUint256, parseEther, stringToHex, type Address, type Hex } from "viem";
import { startBackend } from "../test/support/backend.js";
import { databaseKinds, freshDatabase, type DatabaseKind } from "../test/support/databases.js";
import { dcx } from "../test/support/dcx.js";
import { startLocalChain, type LocalChain } from "../test/support/localChain.js";
import { connectRealtime } from "../test/support/realtime.js";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const REALTIME_BLOCKS = Number(process.env.BENCH_REALTIME_BLOCKS ?? 100);
const TARGET_BACKFILL_EPS = 2_000;
const TARGET_REALTIME_P95_MS = 1_000;
/** Transactions sent per JSON-RPC batch, and mined per block. */
const TXS_PER_BLOCK = 200;
/** Each booking yields 5 events: book (Transfer, StreamOpened, BookingCreated), activate (BookingActivated, StreamStarted). */
const EVENTS_PER_BOOKING = 5;

/** Backend configuration for the runs: the defaults, plus BENCH_ENV_* overrides. */
const BACKEND_ENV: Record<string, string> = {
  LOG_LEVEL: "error",
  ...Object.fromEntries(
    Object.entries(process.env)
      .filter(([k, v]) => k.startsWith("BENCH_ENV_") && v !== undefined)
      .map(([k, v]) => [k.slice("BENCH_ENV_".length), v!]),
  ),
};

const log = (line: string) => process.stdout.write(`${line}\n`);

type RpcCall = { method: string; params: unknown[] };

/** One JSON-RPC batch request straight to the node (the fastest way to queue thousands of txs). */
async function rpcBatch(url: string, calls: RpcCall[]): Promise<unknown[]> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(calls.map((c, id) => ({ jsonrpc: "2.0", id, ...c }))),
  });
  const results = (await response.json()) as { id: number; result?: unknown; error?: { message: string } }[];
  results.sort((a, b) => a.id - b.id);
  const failed = results.find((r) => r.error);
  if (failed) throw new Error(`${calls[failed.id]!.method} failed: ${failed.error!.message}`);
  return results.map((r) => r.result);
}

/** Sends `txs` in batches and mines a block after each batch; returns when all are mined. */
async function sendAndMine(
  chain: LocalChain,
  txs: { from: Address; to: Address; data: Hex; gas: bigint }[],
  label: string,
) {
  for (let i = 0; i < txs.length; i += TXS_PER_BLOCK) {
    const batch = txs.slice(i, i + TXS_PER_BLOCK);
    await rpcBatch(
      chain.rpcUrl,
      batch.map((tx) => ({ method: "eth_sendTransaction", params: [{ ...tx, gas: `0x${tx.gas.toString(16)}` }] })),
    );
    await rpcBatch(chain.rpcUrl, [{ method: "evm_mine", params: [] }]);
    const done = Math.min(i + TXS_PER_BLOCK, txs.length);
    if (done % 1_000 === 0 || done === txs.length) log(`  ${label}: ${done}/${txs.length} txs`);
  }
  // Whatever did not fit in a block's gas limit is still pending: mine until the pool is empty.
  for (let guard = 0; guard < 1_000; guard++) {
    const pending = (
      await rpcBatch(chain.rpcUrl, [{ method: "eth_getBlockTransactionCountByNumber", params: ["pending"] }])
    )[0];
    if (Number(pending) === 0) break;
    await rpcBatch(chain.rpcUrl, [{ method: "evm_mine", params: [] }]);
  }
}

/** Generates ~TARGET_EVENTS contract events: many bookings and activations, hundreds of txs per block. */
async function generateEvents(chain: LocalChain): Promise<number> {
  const d = dcx(chain);
  const providers = chain.accounts.slice(1, 4) as Address[];
  const consumers = chain.accounts.slice(4, 9) as Address[];
  const market = chain.contracts.ResourceMarketplace as Address;
  const escrow = chain.contracts.EscrowManager as Address;

  log(
    `generating ~${TARGET_EVENTS} events (${providers.length} providers, ${consumers.length} consumers, ${TXS_PER_BLOCK} txs per block)…`,
  );
  const resources: { id: bigint; provider: Address }[] = [];
  for (const provider of providers) {
    await d.fund(provider);
    await d.registerProvider(provider);
    const id = await d.listResource(provider, { capacity: 65_535, region: "eu-west-1" });
    resources.push({ id, provider });
  }
  for (const consumer of consumers) {
    await d.fund(consumer, parseEther("1000000"));
    await d.write(consumer, "DCXToken", "approve", [escrow, maxUint256]);
  }

  const bookings = Math.ceil(TARGET_EVENTS / EVENTS_PER_BOOKING);
  const first = ((await d.read("ResourceMarketplace", "bookingCount")) as bigint) + 1n;
  const price = 10n ** 14n;
  await chain.testClient.setAutomine(false);
  try {
    const books = Array.from({ length: bookings }, (_, i) => ({
      from: consumers[i % consumers.length]!,
      to: market,
      data: encodeFunctionData({
        abi: abis.ResourceMarketplace,
        functionName: "book",
        args: [resources[i % resources.length]!.id, 3_600n, price],
      }),
      gas: 500_000n,
    }));
    await sendAndMine(chain, books, "book");
    const activations = Array.from({ length: bookings }, (_, i) => ({
      from: resources[i % resources.length]!.provider,
      to: market,
      data: encodeFunctionData({
        abi: abis.ResourceMarketplace,
        functionName: "activateBooking",
        args: [first + BigInt(i), keccak256(stringToHex(`http://127.0.0.1/booking/${first + BigInt(i)}`))],
      }),
      gas: 300_000n,
    }));
    await sendAndMine(chain, activations, "activate");
  } finally {
    await chain.testClient.setAutomine(true);
  }
  const head = await chain.publicClient.getBlockNumber();
  let events = 0;
  for (let from = chain.startBlock; from <= head; from += 10n) {
    const to = from + 9n < head ? from + 9n : head;
    events += (
      await chain.publicClient.getLogs({
        address: Object.values(chain.contracts) as Address[],
        fromBlock: from,
        toBlock: to,
      })
    ).length;
  }
  log(
    `  ${events} events in ${head - chain.startBlock + 1n} blocks (bookings ${first}..${first + BigInt(bookings) - 1n})`,
  );
  return events;
}

type BackfillResult = {
  database: DatabaseKind;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  pass: boolean;
};
type RealtimeResult = {
  database: DatabaseKind;
  blocks: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  pass: boolean;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where one database kind's index lives across the backfill and realtime runs. */
type BenchDatabase = { kind: DatabaseKind; url?: string; dataDir?: string; drop(): Promise<void> };

async function openBenchDatabase(kind: DatabaseKind): Promise<BenchDatabase> {
  if (kind === "postgres") {
    const db = await freshDatabase("postgres");
    return { kind, url: db.url, drop: db.drop };
  }
  // PGlite on disk, as `npm start` runs it (PGLITE_DATA_DIR), not in memory.
  const dataDir = mkdtempSync(path.join(tmpdir(), "dcx-bench-pglite-"));
  return { kind, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A full backfill of the chain into an empty database. */
async function benchBackfill(chain: LocalChain, db: BenchDatabase): Promise<BackfillResult> {
  log(`\n[${db.kind}] backfill…`);
  const backend = await startBackend(chain, db.kind, BACKEND_ENV, { url: db.url, dataDir: db.dataDir });
  try {
    const t0 = performance.now();
    await backend.indexer.waitForBlock(await chain.publicClient.getBlockNumber(), 600_000);
    const seconds = (performance.now() - t0) / 1_000;
    const events = backend.indexer.status().eventsIndexed;
    const eventsPerSecond = events / seconds;
    log(`  ${events} events in ${seconds.toFixed(2)} s → ${Math.round(eventsPerSecond)} events/s`);
    return {
      database: db.kind,
      events,
      seconds: round(seconds, 2),
      eventsPerSecond: Math.round(eventsPerSecond),
      pass: eventsPerSecond >= TARGET_BACKFILL_EPS,
    };
  } finally {
    await backend.close();
  }
}

/** Block mined → `chain:event` received by a socket.io client, one transaction per block, on a resumed index. */
async function benchRealtime(chain: LocalChain, db: BenchDatabase): Promise<RealtimeResult> {
  log(`\n[${db.kind}] realtime lag over ${REALTIME_BLOCKS} blocks…`);
  const backend = await startBackend(chain, db.kind, BACKEND_ENV, { url: db.url, dataDir: db.dataDir });
  const client = await connectRealtime(backend.url);
  const lags: number[] = [];
  try {
    await backend.synced();
    await client.subscribe("global");
    const [, provider] = chain.accounts as Address[];
    await chain.testClient.setAutomine(false);
    for (let i = 0; i < REALTIME_BLOCKS; i++) {
      const data = encodeFunctionData({
        abi: abis.ResourceMarketplace,
        functionName: "setResourceActive",
        args: [1n, i % 2 === 1],
      });
      await rpcBatch(chain.rpcUrl, [
        {
          method: "eth_sendTransaction",
          params: [{ from: provider, to: chain.contracts.ResourceMarketplace, data, gas: "0x186a0" }],
        },
      ]);
      await rpcBatch(chain.rpcUrl, [{ method: "evm_mine", params: [] }]);
      const mined = performance.now();
      const blockNumber = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }));
      await client.waitFor("chain:event", (e) => e.blockNumber === blockNumber, 30_000);
      const hit = client.received.find((m) => m.event === "chain:event" && m.data.blockNumber === blockNumber)!;
      lags.push(hit.at - mined);
      client.received.length = 0;
      await sleep(Math.random() * 250); // decorrelate from the indexer's poll phase
      if ((i + 1) % 25 === 0) log(`  ${i + 1}/${REALTIME_BLOCKS} blocks`);
    }
  } finally {
    await chain.testClient.setAutomine(true);
    client.close();
    await backend.close();
  }
  const sorted = [...lags].sort((a, b) => a - b);
  const result = {
    database: db.kind,
    blocks: lags.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted[sorted.length - 1]!),
    meanMs: round(lags.reduce((a, b) => a + b, 0) / lags.length),
    pass: percentile(sorted, 95) <= TARGET_REALTIME_P95_MS,
  };
  log(`  p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms`);
  return result;
}

async function main(): Promise<void> {
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const kinds = databaseKinds();
  log("starting a local Hardhat node and deploying D-CloudX…");
  const chain = await startLocalChain();
  const results: { backfill: BackfillResult; realtime: RealtimeResult }[] = [];
  try {
    const t0 = performance.now();
    const generated = await generateEvents(chain);
    log(`  generated in ${((performance.now() - t0) / 1_000).toFixed(1)} s`);
    const databases: BenchDatabase[] = [];
    try {
      for (const kind of kinds) databases.push(await openBenchDatabase(kind));
      // Every backfill first, so each indexes the same chain; then realtime on each resumed index.
      const backfills = [];
      for (const db of databases) backfills.push(await benchBackfill(chain, db));
      for (const [i, db] of databases.entries())
        results.push({ backfill: backfills[i]!, realtime: await benchRealtime(chain, db) });
    } finally {
      for (const db of databases) await db.drop();
    }
    if (!kinds.includes("postgres"))
      log(
        "\n[postgres] skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server URL whose role may CREATE DATABASE",
      );

    const pf = (pass: boolean) => (pass ? "PASS" : "FAIL");
    log(
      "\n| database | events | backfill s | events/s | target ≥ 2000 | realtime p50 ms | p95 ms | max ms | target p95 ≤ 1000 |",
    );
    log("|---|---:|---:|---:|---|---:|---:|---:|---|");
    for (const { backfill: b, realtime: r } of results) {
      log(
        `| ${b.database} | ${b.events} | ${b.seconds} | ${b.eventsPerSecond} | ${pf(b.pass)} | ${r.p50Ms} | ${r.p95Ms} | ${r.maxMs} | ${pf(r.pass)} |`,
      );
    }
    if (!kinds.includes("postgres")) log("| postgres | skipped | | | | | | | |");
    log(
      `\n${JSON.stringify(
        {
          generatedEvents: generated,
          targets: { backfillEventsPerSecond: TARGET_BACKFILL_EPS, realtimeP95Ms: TARGET_REALTIME_P95_MS },
          backfill: results.map((r) => r.backfill),
          realtime: results.map((r) => r.realtime),
          skipped: kinds.includes("postgres") ? [] : ["postgres"],
        },
        null,
        2,
      )}`,
    );
  } finally {
    await chain.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
