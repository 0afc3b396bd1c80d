import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { asc, gt } from "drizzle-orm";
import { events } from "../src/database/schema.js";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";
import { connectRealtime, type RealtimeClient } from "./support/realtime.js";

for (const kind of databaseKinds()) {
  describe(`realtime (${kind})`, () => {
    let chain: LocalChain;
    let d: ReturnType<typeof dcx>;
    let backend: TestBackend & { dropDatabase(): Promise<void> };
    const clients: RealtimeClient[] = [];
    const connect = async () => {
      const client = await connectRealtime(backend.url);
      clients.push(client);
      return client;
    };

    before(async () => {
      chain = await startLocalChain();
      d = dcx(chain);
      backend = await startBackend(chain, kind);
      await backend.synced();
    });

    after(async () => {
      for (const c of clients) c.close();
      await backend?.close();
      await backend?.dropDatabase();
      await chain?.stop();
    });

    it("subscribe / unsubscribe acknowledge valid rooms and refuse invalid ones", async () => {
      const client = await connect();
      assert.deepEqual(await client.subscribe("global"), { ok: true, room: "global", rooms: ["global"] });
      const provider = chain.accounts[1]!;
      const ack = await client.subscribe(`provider:${provider}`);
      assert.equal(ack.ok, true);
      assert.equal(ack.room, `provider:${provider.toLowerCase()}`);
      assert.deepEqual((await client.subscribe("booking:12")).rooms, [
        "global",
        `provider:${provider.toLowerCase()}`,
        "booking:12",
      ]);
      assert.deepEqual((await client.unsubscribe("booking:12")).rooms, [
        "global",
        `provider:${provider.toLowerCase()}`,
      ]);
      for (const bad of [
        "",
        "globals",
        "booking:",
        "booking:abc",
        "booking:-1",
        "booking:01",
        "resource:1.5",
        "provider:0x1234",
        "user:1",
        42,
        null,
      ]) {
        const res = await client.subscribe(bad);
        assert.equal(res.ok, false, `room ${JSON.stringify(bad)}`);
        assert.match(res.error, /^Invalid room/);
      }
      // A bare string works too.
      assert.equal((await client.socket.timeout(5_000).emitWithAck("subscribe", "resource:3")).room, "resource:3");
    });

    it("socket.io CORS follows CORS_ORIGINS", async () => {
      const handshake = (origin: string) =>
        fetch(`${backend.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
      const allowed = await handshake("http://localhost:3000");
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers.get("access-control-allow-origin"), "http://localhost:3000");
      const denied = await handshake("https://evil.example.com");
      assert.equal(denied.headers.get("access-control-allow-origin"), null);
    });

    it("default: rooms get the events that concern them, global gets everything", async () => {
      const [, provider, provider2, , consumer, consumer2] = chain.accounts as [
        string,
        `0x${string}`,
        `0x${string}`,
        string,
        `0x${string}`,
        `0x${string}`,
      ];
      const startBlock = Number(await chain.publicClient.getBlockNumber());
      await d.fund(provider);
      await d.fund(consumer);
      await d.fund(consumer2);
      await d.registerProvider(provider);
      await d.fund(provider2);
      await d.registerProvider(provider2);
      const resourceA = await d.listResource(provider);
      const resourceB = await d.listResource(provider2);
      const bookingA = await d.book(consumer, resourceA);
      const bookingB = await d.book(consumer2, resourceB);
      await backend.synced();

      const everything = await connect();
      await everything.subscribe("global");
      const onA = await connect();
      await onA.subscribe(`booking:${bookingA}`);
      const onProvider = await connect();
      await onProvider.subscribe(`provider:${provider}`);
      const onResource = await connect();
      await onResource.subscribe(`resource:${resourceA}`);
      const idle = await connect(); // connected, subscribed to nothing

      await d.activate(provider2, bookingB);
      await d.activate(provider, bookingA);
      const activated = await onA.waitFor("chain:event", (e) => e.event === "BookingActivated");
      assert.equal(activated.contract, "ResourceMarketplace");
      assert.equal(activated.args.bookingId, String(bookingA));
      assert.match(activated.args.endpointHash, /^0x[0-9a-f]{64}$/);
      assert.equal(typeof activated.args.bookingId, "string", "bigints (uint256) travel as strings");
      assert.equal(typeof activated.args.start, "number", "uint40 decodes to a number");
      assert.match(activated.txHash, /^0x[0-9a-f]{64}$/);
      assert.ok(activated.blockNumber > startBlock && activated.timestamp > 0 && activated.logIndex >= 0);
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: activated.txHash });
      assert.equal(Number(receipt.blockNumber), activated.blockNumber);
      assert.deepEqual(
        [...activated.rooms].sort(),
        ["global", `booking:${bookingA}`, `resource:${resourceA}`, `provider:${provider.toLowerCase()}`].sort(),
      );

      // The booking room: A's activation (BookingActivated, StreamStarted), nothing of B.
      await backend.synced();
      await new Promise((r) => setTimeout(r, 200));
      const forA = onA.of("chain:event");
      assert.deepEqual(forA.map((e) => e.event).sort(), ["BookingActivated", "StreamStarted"]);
      assert.ok(forA.every((e) => e.args.bookingId === String(bookingA)));
      assert.equal(onA.of("indexer:block").length, 0, "block notices go to global only");

      // Provider and resource rooms: A's events, derived through the index.
      assert.deepEqual(
        onProvider
          .of("chain:event")
          .map((e) => e.event)
          .sort(),
        ["BookingActivated", "StreamStarted"],
      );
      assert.deepEqual(
        onResource
          .of("chain:event")
          .map((e) => e.event)
          .sort(),
        ["BookingActivated", "StreamStarted"],
      );
      assert.equal(idle.received.length, 0);

      // Global: every event committed since it subscribed, in order, once each, plus block notices.
      const subscribedAt = activated.blockNumber - 1;
      const stored = await backend.database.db
        .select()
        .from(events)
        .where(gt(events.blockNumber, subscribedAt - 1))
        .orderBy(asc(events.blockNumber), asc(events.logIndex));
      const globalIds = everything.of("chain:event").map((e) => e.id);
      const bActivation = stored
        .filter((e) => e.eventName === "BookingActivated")
        .map((e) => `${e.blockNumber}:${e.logIndex}`);
      assert.ok(
        bActivation.every((id) => globalIds.includes(id)),
        "global saw both activations",
      );
      assert.deepEqual(
        globalIds,
        stored
          .filter((e) => globalIds.includes(`${e.blockNumber}:${e.logIndex}`))
          .map((e) => `${e.blockNumber}:${e.logIndex}`),
      );
      assert.equal(new Set(globalIds).size, globalIds.length);
      const blocks = everything.of("indexer:block");
      assert.ok(blocks.some((b) => b.blockNumber === activated.blockNumber));
      for (let i = 1; i < blocks.length; i++) assert.ok(blocks[i].blockNumber > blocks[i - 1].blockNumber);
    });

    it("a client in several concerned rooms receives an event once", async () => {
      const [, provider, , , consumer] = chain.accounts as `0x${string}`[];
      const client = await connect();
      const bookingId = await d.book(consumer!, 1n);
      await client.subscribe("global");
      await client.subscribe(`booking:${bookingId}`);
      await client.subscribe(`provider:${provider}`);
      await d.cancel(consumer!, bookingId);
      await client.waitFor("chain:event", (e) => e.event === "BookingCancelled");
      await backend.synced();
      await new Promise((r) => setTimeout(r, 200));
      const ids = client.of("chain:event").map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length);
    });

    it("reorg: a reverted snapshot sends indexer:reorg", async () => {
      const [, provider] = chain.accounts as `0x${string}`[];
      const client = await connect();
      await client.subscribe("resource:1");
      await backend.synced();
      const snapshot = await chain.testClient.snapshot();
      const before = await chain.publicClient.getBlockNumber();
      await d.setActive(provider!, 1n, false);
      await d.setActive(provider!, 1n, true);
      const toggled = await client.waitFor(
        "chain:event",
        (e) => e.event === "ResourceActiveSet" && e.args.active === true,
      );
      assert.equal(toggled.args.resourceId, "1");
      await chain.testClient.revert({ id: snapshot });
      await chain.testClient.mine({ blocks: 3 }); // a different branch, longer than the old one
      const reorg = await client.waitFor("indexer:reorg");
      assert.ok(reorg.depth >= 1, `depth ${reorg.depth}`);
      assert.ok(reorg.ancestor.blockNumber <= Number(before));
      assert.ok(reorg.droppedEvents >= 2, `dropped ${reorg.droppedEvents}`);
      await backend.synced();
      assert.equal(backend.indexer.status().reorgs, 1);
    });
  });
}
