import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { asc } from "drizzle-orm";
import type { Address } from "viem";
import { bookings, events, providers, resources } from "../src/database/schema.js";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";

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
          };
          assert.equal(p.stake, onChain.stake.toString());
          assert.equal(p.openBookings, onChain.openBookings);
        }
      } finally {
        await backend.close();
        await backend.dropDatabase();
      }
    });
  });
}
