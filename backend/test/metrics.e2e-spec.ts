import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { count } from "drizzle-orm";
import { events } from "../src/database/schema.js";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";
import { connectRealtime } from "./support/realtime.js";
import { hardhatAccount, request, signIn } from "./support/siwe.js";

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Parses the Prometheus text format (enough of it for these tests). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

for (const kind of databaseKinds()) {
  describe(`metrics (${kind})`, () => {
    let chain: LocalChain;
    let backend: TestBackend & { dropDatabase(): Promise<void> };
    let bookingId: bigint;

    const scrape = async () => {
      const res = await fetch(`${backend.url}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      return parse(await res.text());
    };
    const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    before(async () => {
      chain = await startLocalChain();
      ({ bookingId } = await dcx(chain).marketWithBooking());
      backend = await startBackend(chain, kind);
      await backend.synced();
    });

    after(async () => {
      await backend?.close();
      await backend?.dropDatabase();
      await chain?.stop();
    });

    it("default: indexer series after a backfill", async () => {
      const head = Number(await chain.publicClient.getBlockNumber());
      const samples = await scrape();
      assert.equal(value(samples, "dcx_indexer_indexed_block"), head);
      assert.equal(value(samples, "dcx_chain_head_block"), head);
      assert.equal(value(samples, "dcx_indexer_lag_blocks"), 0);
      assert.equal(value(samples, "dcx_indexer_backfilling"), 0);
      assert.ok(value(samples, "dcx_indexer_indexed_timestamp_seconds")! > 1_600_000_000);
      assert.equal(value(samples, "dcx_indexer_reorgs_total"), 0);
      assert.ok(value(samples, "dcx_indexer_batch_events_per_second")! >= 0);

      const [{ n }] = (await backend.database.db.select({ n: count() }).from(events)) as [{ n: number }];
      const indexed = samples.filter((s) => s.name === "dcx_indexer_events_indexed_total");
      assert.equal(
        indexed.reduce((sum, s) => sum + s.value, 0),
        Number(n),
      );
      assert.equal(
        value(samples, "dcx_indexer_events_indexed_total", {
          contract: "ResourceMarketplace",
          event: "BookingCreated",
        }),
        1,
      );
      assert.equal(
        value(samples, "dcx_indexer_events_indexed_total", {
          contract: "ResourceMarketplace",
          event: "ProviderRegistered",
        }),
        1,
      );

      // Default process / Node.js metrics.
      for (const name of [
        "process_cpu_user_seconds_total",
        "process_resident_memory_bytes",
        "nodejs_eventloop_lag_seconds",
        "nodejs_heap_size_used_bytes",
      ]) {
        assert.ok(value(samples, name) !== undefined, name);
      }
    });

    it("HTTP request durations by method, route pattern and status code", async () => {
      const { body } = await signIn(backend.url, hardhatAccount(4));
      for (let i = 0; i < 3; i++) assert.equal((await request(backend.url, "/health")).status, 200);
      assert.equal((await request(backend.url, `/bookings/${bookingId}/access`)).status, 401);
      assert.equal((await request(backend.url, `/bookings/${bookingId}/access`, { token: body.token })).status, 200);
      assert.equal((await request(backend.url, "/bookings/424242/access", { token: body.token })).status, 404);
      assert.equal((await request(backend.url, "/no/such/route")).status, 404);
      assert.equal((await request(backend.url, "/auth/verify", { body: { message: "x" } })).status, 400);

      const samples = await scrape();
      const countOf = (method: string, route: string, status: number) =>
        value(samples, "dcx_http_request_duration_seconds_count", { method, route, status_code: String(status) });
      assert.equal(countOf("GET", "/health", 200), 3);
      assert.equal(countOf("GET", "/bookings/:id/access", 401), 1);
      assert.equal(countOf("GET", "/bookings/:id/access", 200), 1);
      assert.equal(countOf("GET", "/bookings/:id/access", 404), 1);
      assert.equal(countOf("GET", "unmatched", 404), 1);
      assert.equal(countOf("POST", "/auth/verify", 400), 1);
      assert.equal(countOf("POST", "/auth/verify", 200), 1);
      assert.equal(countOf("GET", "/auth/nonce", 200), 1);
      assert.ok(value(samples, "dcx_http_request_duration_seconds_sum", { route: "/health", status_code: "200" })! > 0);
      assert.equal(
        value(samples, "dcx_http_request_duration_seconds_bucket", {
          route: "/health",
          status_code: "200",
          le: "+Inf",
        }),
        3,
      );
      const routes = new Set(
        samples.filter((s) => s.name === "dcx_http_request_duration_seconds_count").map((s) => s.labels.route),
      );
      assert.ok(![...routes].some((r) => /\d/.test(r!)), `raw URLs leaked into labels: ${[...routes].join(", ")}`);
    });

    it("realtime and reorg series", async () => {
      const client = await connectRealtime(backend.url);
      try {
        await client.subscribe("global");
        const d = dcx(chain);
        const snapshot = await chain.testClient.snapshot();
        await d.activate(chain.accounts[1]!, bookingId);
        await client.waitFor("chain:event", (e) => e.event === "BookingActivated");
        let samples = await scrape();
        assert.equal(value(samples, "dcx_realtime_connections"), 1);
        assert.ok(value(samples, "dcx_realtime_messages_total", { event: "chain:event" })! >= 2);
        assert.ok(value(samples, "dcx_realtime_messages_total", { event: "indexer:block" })! >= 1);

        await chain.testClient.revert({ id: snapshot });
        await chain.testClient.mine({ blocks: 2 });
        await client.waitFor("indexer:reorg");
        samples = await scrape();
        assert.equal(value(samples, "dcx_indexer_reorgs_total"), 1);
        assert.equal(value(samples, "dcx_indexer_reorg_depth_blocks_count"), 1);
      } finally {
        client.close();
      }
    });
  });
}
