import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { buildReceiptTree, processProof, verifyReceiptOnChain, type Receipt } from "@dcx/sdk";
import { eq } from "drizzle-orm";
import { keccak256, stringToHex, type Address, type Hex } from "viem";
import { receiptTrees } from "../src/database/schema.js";
import { canonicalJson } from "../src/receipts/canonical-json.js";
import { DECISION_SINK, type DecisionSink, type SchedulingDecision } from "../src/receipts/scheduling-decision.js";
import { ReceiptsService } from "../src/receipts/receipts.service.js";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";
import { connectRealtime, type RealtimeClient } from "./support/realtime.js";
import { hardhatAccount } from "./support/schedulers.js";

type Json = Record<string, any>;

const BATCH_SIZE = 50;
const scheduler = hardhatAccount(10);

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function toReceipt(r: Json): Receipt {
  return { ...r, bookingId: BigInt(r.bookingId), timestamp: BigInt(r.timestamp) } as Receipt;
}

for (const kind of databaseKinds()) {
  describe(`receipts (${kind})`, () => {
    let chain: LocalChain;
    let d: ReturnType<typeof dcx>;
    let backend: (TestBackend & { databaseUrl?: string; dropDatabase(): Promise<void> }) | undefined;
    let sink: DecisionSink;
    let realtime: RealtimeClient;
    let keyed: { provider: Address; bookingId: bigint };
    let keyless: { provider: Address; bookingId: bigint };
    const dataDir = mkdtempSync(path.join(tmpdir(), "dcx-receipts-"));
    const env = {
      RECEIPTS_SCHEDULER_KEYS: scheduler.key,
      RECEIPTS_BATCH_SIZE: String(BATCH_SIZE),
      RECEIPTS_BATCH_SECONDS: "1",
      RECEIPTS_QUEUE_MAX: "100",
    };
    const get = async (url: string) => {
      const res = await fetch(`${backend!.url}${url}`);
      return { status: res.status, body: (await res.json()) as Json };
    };
    const decision = (bookingId: bigint, i: number, over: Partial<SchedulingDecision> = {}): SchedulingDecision => ({
      bookingId,
      kind: "route",
      instanceId: `i-${i % 3}`,
      algorithm: "p2c",
      inputs: { loads: [i, i + 1], n: BigInt(i) },
      at: Date.now(),
      ...over,
    });
    const receiptsOf = async (bookingId: bigint, query = "") =>
      (await get(`/receipts?bookingId=${bookingId}&limit=100${query}`)).body;

    before(async () => {
      chain = await startLocalChain();
      d = dcx(chain);
      const [, p1, p2, , c1] = chain.accounts as Address[];
      for (const a of [p1!, p2!, c1!]) await d.fund(a);
      await d.registerProvider(p1!);
      await d.registerProvider(p2!);
      keyed = { provider: p1!, bookingId: await d.book(c1!, await d.listResource(p1!)) };
      keyless = { provider: p2!, bookingId: await d.book(c1!, await d.listResource(p2!)) };
      await d.write(p1!, "ReceiptRegistry", "authorizeScheduler", [scheduler.address]);
      backend = await startBackend(chain, kind, env, kind === "pglite" ? { dataDir } : undefined);
      await backend.synced();
      sink = backend.app.get<DecisionSink>(DECISION_SINK);
      realtime = await connectRealtime(backend.url);
      await realtime.subscribe("global");
    });

    after(async () => {
      realtime?.close();
      await backend?.close();
      await backend?.dropDatabase();
      await chain?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("a batch closes at RECEIPTS_BATCH_SIZE, its root is anchored, and every proof verifies on-chain", async () => {
      const decisions = Array.from({ length: BATCH_SIZE }, (_, i) => decision(keyed.bookingId, i));
      for (const x of decisions) sink.record(x);
      const page = await until("the batch anchored", async () => {
        const body = await receiptsOf(keyed.bookingId, "&status=anchored");
        return body.total === BATCH_SIZE ? body : undefined;
      });
      const items = page.items as Json[];
      assert.equal(new Set(items.map((r) => r.decisionId)).size, BATCH_SIZE);
      assert.equal(new Set(items.map((r) => r.root)).size, 1, "one tree");
      // Inputs are hashed as canonical JSON.
      const hashes = new Set(items.map((r) => r.inputsHash));
      for (const x of decisions) assert.ok(hashes.has(keccak256(stringToHex(canonicalJson(x.inputs)))));
      // The tree is the sdk's StandardMerkleTree.
      const { root } = buildReceiptTree({ receipts: items.map(toReceipt) });
      assert.equal(items[0]!.root, root);

      const batchId = BigInt(items[0]!.batchId);
      for (const r of items.slice(0, 5)) {
        const { status, body } = await get(`/receipts/${r.decisionId}`);
        assert.equal(status, 200);
        assert.equal(body.status, "anchored");
        assert.equal(body.root, root);
        assert.equal(BigInt(body.batchId), batchId);
        assert.match(body.txHash, /^0x[0-9a-f]{64}$/);
        const verified = await verifyReceiptOnChain(chain.publicClient, {
          batchId,
          receipt: toReceipt(body.receipt),
          proof: body.proof,
          address: chain.contracts.ReceiptRegistry,
          fromBlock: 0n,
        });
        assert.equal(verified.valid, true);
        assert.equal(verified.leaf, body.leaf);
        assert.equal(verified.batch.count, BATCH_SIZE);
        assert.equal(verified.batch.anchorer.toLowerCase(), scheduler.address.toLowerCase());
        assert.equal(verified.batch.provider.toLowerCase(), keyed.provider.toLowerCase());
        assert.match(verified.batch.uri, new RegExp(`/receipts/batches/${root}/receipts$`));
        // A tampered receipt does not verify.
        const forged = await verifyReceiptOnChain(chain.publicClient, {
          batchId,
          receipt: { ...toReceipt(body.receipt), instanceId: "i-forged" },
          proof: body.proof,
          address: chain.contracts.ReceiptRegistry,
          fromBlock: 0n,
        });
        assert.equal(forged.valid, false);
      }
      // The batch's uri answers, by root and by batch id.
      for (const id of [root, String(batchId)]) {
        const byBatch = await get(`/receipts/batches/${id}/receipts?limit=100`);
        assert.equal(byBatch.status, 200);
        assert.equal(byBatch.body.total, BATCH_SIZE);
        assert.equal(byBatch.body.batch.status, "anchored");
      }
      // Realtime: receipts.anchored on the global room.
      const message = await realtime.waitFor("receipts.anchored", (m) => (m as Json).root === root);
      assert.equal((message as Json).count, BATCH_SIZE);
      assert.equal(BigInt((message as Json).batchId), batchId);
    });

    it("a batch below the size closes after RECEIPTS_BATCH_SECONDS and is anchored", async () => {
      const before = (await receiptsOf(keyed.bookingId)).total as number;
      const recordedAt = Date.now();
      for (let i = 0; i < 3; i++)
        sink.record(decision(keyed.bookingId, 1_000 + i, { kind: "scale", algorithm: "hpa" }));
      const page = await until("the small batch anchored", async () => {
        const body = await receiptsOf(keyed.bookingId, "&kind=scale&status=anchored");
        return body.total === 3 ? body : undefined;
      });
      assert.ok(Date.now() - recordedAt >= 900, "closed by time, not at once");
      assert.equal((await receiptsOf(keyed.bookingId)).total, before + 3);
      const r = page.items[0] as Json;
      const { body } = await get(`/receipts/${r.decisionId}`);
      // 3 leaves: one at depth 1, two at depth 2 (StandardMerkleTree is a complete binary tree).
      assert.ok([1, 2].includes(body.proof.length), `3 leaves: proof of ${body.proof.length}`);
      const verified = await verifyReceiptOnChain(chain.publicClient, {
        batchId: BigInt(body.batchId),
        receipt: toReceipt(body.receipt),
        proof: body.proof,
        address: chain.contracts.ReceiptRegistry,
        fromBlock: 0n,
      });
      assert.equal(verified.valid, true);
      assert.equal(verified.batch.count, 3);
    });

    it("receipts of a provider without a scheduler key are stored unanchored and reported", async () => {
      for (let i = 0; i < 7; i++) sink.record(decision(keyless.bookingId, i));
      await backend!.app.get(ReceiptsService).flush();
      const page = await receiptsOf(keyless.bookingId);
      assert.equal(page.total, 7);
      assert.ok((page.items as Json[]).every((r) => r.status === "unanchored" && r.batchId === null));
      const report = (await get("/receipts/unanchored")).body as unknown as Json[];
      const mine = report.find((r) => r.provider === keyless.provider.toLowerCase());
      assert.deepEqual(mine, { provider: keyless.provider.toLowerCase(), batches: 1, receipts: 7, decisions: 7 });
      // The proof is served (and checks against the stored root), with no batch.
      const { body } = await get(`/receipts/${(page.items as Json[])[0]!.decisionId}`);
      assert.equal(body.status, "unanchored");
      assert.equal(body.batchId, null);
      assert.equal(body.txHash, null);
      assert.equal(processProof({ leaf: body.leaf, proof: body.proof }), body.root);
      const metrics = await (await fetch(`${backend!.url}/metrics`)).text();
      assert.match(
        metrics,
        new RegExp(`dcx_receipts_unanchored_total\\{provider="${keyless.provider.toLowerCase()}"\\} 7`),
      );
    });

    it("bad ids are 400, unknown ones 404", async () => {
      for (const bad of ["0x12", "abc", `0x${"g".repeat(64)}`, `${"0".repeat(66)}`, `0x${"a".repeat(65)}`]) {
        const { status, body } = await get(`/receipts/${bad}`);
        assert.equal(status, 400, bad);
        assert.match(String(body.message), /decision id/);
      }
      assert.equal((await get(`/receipts/0x${"ab".repeat(32)}`)).status, 404);
      assert.equal((await get(`/receipts/0x${"ab".repeat(32)}?x=1`)).status, 400);
      for (const bad of ["xyz", "0x12", "-1", "1.5"]) {
        assert.equal((await get(`/receipts/batches/${bad}/receipts`)).status, 400, bad);
      }
      assert.equal((await get(`/receipts/batches/${"9".repeat(6)}/receipts`)).status, 404);
      assert.equal((await get(`/receipts/batches/0x${"cd".repeat(32)}/receipts`)).status, 404);
      for (const bad of ["kind=fly", "bookingId=-1", "bookingId=abc", "status=lost", "page=0", "unknown=1"]) {
        assert.equal((await get(`/receipts?${bad}`)).status, 400, bad);
      }
    });

    it("under overload, decisions are aggregated per booking, instance and second with exact counts", async () => {
      const total = 20_000;
      const at = Date.now();
      // One synchronous burst: the pipeline cannot drain meanwhile, so past RECEIPTS_QUEUE_MAX (100)
      // decisions are folded into 3 aggregates (one per instance).
      for (let i = 0; i < total; i++)
        sink.record(decision(keyed.bookingId, i, { kind: "place", algorithm: "ovl", at }));
      await backend!.app.get(ReceiptsService).flush();
      const receipts: Json[] = [];
      for (let page = 1; ; page++) {
        const body = await receiptsOf(keyed.bookingId, `&kind=place&page=${page}`);
        receipts.push(...(body.items as Json[]));
        if (receipts.length >= body.total) break;
      }
      assert.equal(receipts.length, 100 + 3);
      assert.equal(
        receipts.reduce((n, r) => n + r.decisions, 0),
        total,
        "every decision counted exactly once",
      );
      const aggregates = receipts.filter((r) => r.decisions > 1);
      assert.equal(aggregates.length, 3);
      const metrics = await (await fetch(`${backend!.url}/metrics`)).text();
      assert.match(metrics, new RegExp(`dcx_receipts_aggregated_total ${total - 100 - 3}\\b`));
      // An aggregate commits to its count in its inputs hash, and is anchored like any receipt.
      const anchored = await until("aggregates anchored", async () => {
        const { body } = await get(`/receipts/${aggregates[0]!.decisionId}`);
        return body.status === "anchored" ? body : undefined;
      });
      const verified = await verifyReceiptOnChain(chain.publicClient, {
        batchId: BigInt(anchored.batchId),
        receipt: toReceipt(anchored.receipt),
        proof: anchored.proof,
        address: chain.contracts.ReceiptRegistry,
        fromBlock: 0n,
      });
      assert.equal(verified.valid, true);
      const instance = Number(String(anchored.receipt.instanceId).slice(2));
      const firstIndex = [...Array(total).keys()].find((i) => i >= 100 && i % 3 === instance)!;
      const expected = keccak256(
        stringToHex(
          canonicalJson({ aggregated: anchored.decisions, first: decision(keyed.bookingId, firstIndex).inputs }),
        ),
      );
      assert.equal(anchored.receipt.inputsHash, expected);
    });

    it("a restart with a batch sent but not mined does not anchor it twice", async () => {
      const registry = chain.contracts.ReceiptRegistry!;
      const batchCount = async () => (await d.read("ReceiptRegistry", "batchCount")) as bigint;
      await until("earlier batches anchored", async () => {
        const { body } = await get(`/receipts?status=pending&limit=1`);
        return body.total === 0 ? true : undefined;
      });
      const countBefore = await batchCount();
      await chain.testClient.setAutomine(false);
      try {
        for (let i = 0; i < 10; i++) sink.record(decision(keyed.bookingId, i, { algorithm: "restart" }));
        await backend!.app.get(ReceiptsService).flush();
        const db = backend!.database.db;
        const tree = await until("the anchoring transaction sent", async () => {
          const [row] = await db.select().from(receiptTrees).where(eq(receiptTrees.status, "pending"));
          return row?.txHash ? row : undefined;
        });
        await backend!.close(); // "crash": the transaction is in the mempool, not mined
        await chain.testClient.mine({ blocks: 1 });
        await chain.testClient.setAutomine(true);

        backend = await startBackend(chain, kind, env, kind === "pglite" ? { dataDir } : { url: backend!.databaseUrl });
        const anchored = await until("the batch anchored after the restart", async () => {
          const [row] = await backend!.database.db.select().from(receiptTrees).where(eq(receiptTrees.id, tree.id));
          return row?.status === "anchored" ? row : undefined;
        });
        assert.equal(anchored.txHash, tree.txHash, "the transaction sent before the restart");
        assert.equal(anchored.attempts, 1);
        // Give a wrong second send time to happen, then count.
        await new Promise((r) => setTimeout(r, 1_500));
        assert.equal(await batchCount(), countBefore + 1n);
        const { body } = await get(`/receipts?bookingId=${keyed.bookingId}&status=anchored&limit=100`);
        const restarted = (body.items as Json[]).filter((r) => r.algorithm === "restart");
        assert.equal(restarted.length, 10);
        const proof = (await get(`/receipts/${restarted[0]!.decisionId}`)).body;
        const verified = await verifyReceiptOnChain(chain.publicClient, {
          batchId: BigInt(proof.batchId),
          receipt: toReceipt(proof.receipt),
          proof: proof.proof as Hex[],
          address: registry,
          fromBlock: 0n,
        });
        assert.equal(verified.valid, true);
      } finally {
        await chain.testClient.setAutomine(true);
      }
    });
  });
}
