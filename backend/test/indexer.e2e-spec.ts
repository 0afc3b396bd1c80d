import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { asc, sql } from "drizzle-orm";
import type { Address } from "viem";
import { bookings, events, providers, resources } from "../src/database/schema.js";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds, freshDatabase } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { freePort, startLocalChain, type LocalChain } from "./support/localChain.js";

const MAIN = fileURLToPath(new URL("../src/main.js", import.meta.url));

/** Everything the index holds that came from the chain, in a comparable form. */
async function snapshot(backend: TestBackend) {
  const db = backend.database.db;
  const strip = <T extends Record<string, unknown>>(rows: T[]) => rows.map(({ updatedBlock: _u, ...rest }) => rest);
  return {
    events: await db.select().from(events).orderBy(asc(events.blockNumber), asc(events.logIndex)),
    providers: strip(await db.select().from(providers).orderBy(asc(providers.address))),
    resources: strip(await db.select().from(resources).orderBy(asc(resources.id))),
    bookings: strip(await db.select().from(bookings).orderBy(asc(bookings.id))),
  };
}

/** Every log of the deployment's contracts, straight from the node. */
async function chainLogs(chain: LocalChain) {
  return chain.publicClient.getLogs({
    address: Object.values(chain.contracts) as Address[],
    fromBlock: chain.startBlock,
    toBlock: "latest",
  });
}

for (const kind of databaseKinds()) {
  describe(`indexer (${kind})`, () => {
    let chain: LocalChain;
    let d: ReturnType<typeof dcx>;

    before(async () => {
      chain = await startLocalChain();
      d = dcx(chain);
      const { provider } = await d.marketWithBooking();
      const [, , provider2, , , consumer2] = chain.accounts;
      await d.fund(provider2);
      await d.fund(consumer2);
      await d.registerProvider(provider2);
      const r2 = await d.listResource(provider2, { region: "us-east-1", capacity: 1 });
      const b2 = await d.book(consumer2, r2);
      await d.activate(provider2, b2);
      await d.activate(provider, 1n);
      await d.cancel(chain.accounts[4], 1n);
    });

    after(async () => {
      await chain?.stop();
    });

    it("backfill equals the chain", async () => {
      const backend = await startBackend(chain, kind, { INDEXER_CHUNK_BLOCKS: "3" });
      try {
        await backend.synced();
        const snap = await snapshot(backend);
        const logs = await chainLogs(chain);
        assert.equal(snap.events.length, logs.length);
        assert.deepEqual(
          snap.events.map((e) => [e.blockNumber, e.logIndex, e.transactionHash]),
          logs.map((l) => [Number(l.blockNumber), l.logIndex, l.transactionHash]),
        );
        for (const r of snap.resources) {
          const onChain = (await d.read("ResourceMarketplace", "getResource", [BigInt(r.id)])) as {
            provider: string;
            pricePerSecond: bigint;
            inUse: number;
            active: boolean;
            spec: { capacity: number; cpuMillicores: number };
          };
          assert.equal(r.provider, onChain.provider.toLowerCase());
          assert.equal(r.pricePerSecond, onChain.pricePerSecond.toString());
          assert.equal(r.inUse, onChain.inUse);
          assert.equal(r.active, onChain.active);
          assert.equal(r.capacity, onChain.spec.capacity);
        }
        assert.deepEqual(
          snap.resources.map((r) => r.region),
          ["eu-west-1", "us-east-1"],
        );
        for (const b of snap.bookings) {
          const stream = (await d.read("EscrowManager", "getStream", [BigInt(b.id)])) as {
            amount: bigint;
            refunded: bigint;
            start: number;
            end: number;
          };
          assert.equal(b.amount, stream.amount.toString());
          assert.equal(b.refunded, stream.refunded.toString());
          assert.equal(b.startTime, stream.start);
          assert.equal(b.endTime, stream.end);
        }
        assert.deepEqual(
          snap.bookings.map((b) => b.state),
          ["cancelled", "active"],
        );
        for (const p of snap.providers) {
          const onChain = (await d.read("ResourceMarketplace", "getProvider", [p.address])) as {
            stake: bigint;
            openBookings: number;
            stakeHolds: number;
          };
          assert.equal(p.stake, onChain.stake.toString());
          assert.equal(p.openBookings, onChain.openBookings);
          assert.equal(p.stakeHolds, onChain.stakeHolds);
        }
      } finally {
        await backend.close();
        await backend.dropDatabase();
      }
    });
  });
}

/** Asserts the index equals a fresh index of the same chain built by a second backend. */
async function assertEqualsFreshIndex(chain: LocalChain, kind: "pglite" | "postgres", backend: TestBackend) {
  const fresh = await startBackend(chain, kind);
  try {
    await fresh.synced();
    await backend.synced();
    assert.deepEqual(await snapshot(backend), await snapshot(fresh));
    assert.equal((await snapshot(backend)).events.length, (await chainLogs(chain)).length);
  } finally {
    await fresh.close();
    await fresh.dropDatabase();
  }
}

for (const kind of databaseKinds()) {
  describe(`indexer reorgs and restarts (${kind})`, () => {
    let chain: LocalChain;
    let d: ReturnType<typeof dcx>;

    before(async () => {
      chain = await startLocalChain();
      d = dcx(chain);
      await d.marketWithBooking();
    });

    after(async () => {
      await chain?.stop();
    });

    it("rolls a reorg back to the common ancestor and re-indexes the new branch", async () => {
      const backend = await startBackend(chain, kind);
      try {
        await backend.synced();
        const [, provider, provider2, , consumer] = chain.accounts;
        const fork = await chain.testClient.snapshot();

        // Branch A: a second listing, a booking and its activation.
        const resourceA = await d.listResource(provider, { region: "ap-south-1" });
        const bookingA = await d.book(consumer, resourceA);
        await d.activate(provider, bookingA);
        await backend.synced();
        const onA = await snapshot(backend);
        assert.ok(onA.resources.some((r) => r.region === "ap-south-1"));

        // Branch B from the fork: different transactions, and longer than A.
        await chain.testClient.revert({ id: fork });
        await d.fund(provider2);
        await d.registerProvider(provider2);
        await d.listResource(provider2, { region: "sa-east-1", capacity: 2 });
        await d.setActive(provider, 1n, false);
        await chain.testClient.mine({ blocks: 3 });
        await backend.synced();
        await waitFor(() => backend.indexer.status().reorgs >= 1);

        const onB = await snapshot(backend);
        assert.ok(!onB.resources.some((r) => r.region === "ap-south-1"), "branch A's listing must be gone");
        assert.ok(onB.resources.some((r) => r.region === "sa-east-1"));
        assert.equal(onB.resources.find((r) => r.id === 1)?.active, false);
        await assertEqualsFreshIndex(chain, kind, backend);

        // A shorter branch: revert again and mine less than what was indexed.
        const fork2 = await chain.testClient.snapshot();
        await chain.testClient.mine({ blocks: 5 });
        await d.setActive(provider, 1n, true);
        await backend.synced();
        await chain.testClient.revert({ id: fork2 });
        await d.listResource(provider, { region: "eu-north-1" });
        await waitFor(async () => (await snapshot(backend)).resources.some((r) => r.region === "eu-north-1"));
        assert.equal((await snapshot(backend)).resources.find((r) => r.id === 1)?.active, false);
        await assertEqualsFreshIndex(chain, kind, backend);
      } finally {
        await backend.close();
        await backend.dropDatabase();
      }
    });

    it("re-running an indexed range changes nothing", async () => {
      const backend = await startBackend(chain, kind);
      try {
        await backend.synced();
        const before = await snapshot(backend);
        const { commitRange, readCheckpoint } = await import("../src/indexer/store.js");
        const { fetchRange } = await import("../src/indexer/sync/fetchRange.js");
        const { ABIS, CONTRACT_NAMES } = await import("../src/chain/abis.js");
        const contracts = new Map(
          CONTRACT_NAMES.map((name) => [chain.contracts[name].toLowerCase(), { name, abi: ABIS[name] as never }]),
        );
        const cp = (await readCheckpoint(backend.database.db))!;
        await backend.indexer.stop();
        const range = await fetchRange({
          client: chain.publicClient,
          contracts,
          fromBlock: chain.startBlock,
          toBlock: cp.number,
        });
        assert.ok(range.events.length > 10);
        const applied = await commitRange(backend.database.db, cp, range.events, range.blocks);
        assert.equal(applied.length, 0, "no event is applied twice");
        assert.deepEqual(await snapshot(backend), before);
      } finally {
        await backend.close();
        await backend.dropDatabase();
      }
    });

    it("a backend killed mid-backfill resumes from its checkpoint, losing and duplicating nothing", async () => {
      const [, provider, , , consumer] = chain.accounts;
      for (let i = 0; i < 12; i++) {
        const id = await d.listResource(provider, { region: `zone-${i}` });
        await d.book(consumer, id);
        await chain.testClient.mine({ blocks: 25 }); // long enough that a one-block-per-chunk backfill takes seconds
      }
      const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 });
      const db = await freshDatabase(kind);
      const dataDir = kind === "pglite" ? mkdtempSync(path.join(tmpdir(), "dcx-pglite-")) : undefined;
      const port = await freePort();
      const child = spawn(process.execPath, [MAIN], {
        env: {
          ...process.env,
          NODE_ENV: "test",
          LOG_LEVEL: "error",
          PORT: String(port),
          RPC_URL: chain.rpcUrl,
          DEPLOYMENT_FILE: chain.deploymentFile,
          INDEXER_CHUNK_BLOCKS: "1",
          INDEXER_POLL_MS: "50",
          ...(db.url ? { DATABASE_URL: db.url } : { PGLITE_DATA_DIR: dataDir! }),
        },
        stdio: "ignore",
      });
      let killedAt: number | undefined;
      try {
        const startBlock = Number(chain.startBlock);
        const half = startBlock + Math.floor((Number(head) - startBlock) / 4);
        await waitFor(async () => {
          const res = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
          if (!res) return false;
          const body = (await res.json()) as { checks: { indexer: { lagBlocks: number | null } } };
          const lag = body.checks.indexer.lagBlocks;
          if (lag === null) return false;
          const indexed = Number(head) - lag;
          if (indexed >= half) {
            child.kill("SIGKILL");
            killedAt = indexed;
            return true;
          }
          return false;
        }, 120_000);
        await new Promise((r) =>
          child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r),
        );
        assert.ok(killedAt !== undefined && killedAt < Number(head), `killed mid-backfill (at ${killedAt} of ${head})`);

        // What the killed process left: a checkpoint partway, consistent with the rows it committed.
        const { createDatabase } = await import("../src/database/database.js");
        const { readCheckpoint } = await import("../src/indexer/store.js");
        const left = await createDatabase({ url: db.url, dataDir });
        const cp = (await readCheckpoint(left.db))!.number;
        const [{ maxBlock }] = await left.db
          .select({ maxBlock: sql<number>`coalesce(max(${events.blockNumber}), 0)` })
          .from(events);
        await left.close();
        assert.ok(
          cp >= BigInt(killedAt!) && cp < head,
          `killed at ${killedAt} with checkpoint ${cp} below head ${head}`,
        );
        assert.ok(Number(maxBlock) <= Number(cp), "no event above the checkpoint was committed");

        const resumed = await startBackend(chain, kind, {}, { url: db.url, dataDir });
        try {
          await assertEqualsFreshIndex(chain, kind, resumed);
        } finally {
          await resumed.close();
        }
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await db.drop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 25));
  }
}
