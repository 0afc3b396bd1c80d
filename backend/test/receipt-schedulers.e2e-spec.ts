import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Address } from "viem";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";
import { hardhatAccount } from "./support/schedulers.js";

type Json = Record<string, any>;

/**
 * `GET /receipts/schedulers`: the node's scheduler key addresses and whom each anchors for, read from
 * the chain, so a provider's console sees its `authorizeScheduler` / `revokeScheduler` at once.
 */
for (const kind of databaseKinds()) {
  describe(`receipt schedulers (${kind})`, () => {
    let chain: LocalChain;
    let d: ReturnType<typeof dcx>;
    let backend: (TestBackend & { dropDatabase(): Promise<void> }) | undefined;
    let provider: Address;
    const first = hardhatAccount(11);
    const second = hardhatAccount(12);
    const get = async (url: string) => {
      const res = await fetch(`${backend!.url}${url}`);
      return { status: res.status, body: (await res.json()) as any };
    };

    before(async () => {
      chain = await startLocalChain();
      d = dcx(chain);
      provider = chain.accounts[1]!;
      await d.fund(provider);
      await d.registerProvider(provider);
      backend = await startBackend(chain, kind, { RECEIPTS_SCHEDULER_KEYS: `${first.key},${second.key}` });
      await backend.synced();
    });

    after(async () => {
      await backend?.close();
      await backend?.dropDatabase();
      await chain?.stop();
    });

    it("lists every key's address, none authorized yet, and never the keys", async () => {
      const { status, body } = await get("/receipts/schedulers");
      assert.equal(status, 200);
      assert.deepEqual(body, [
        { address: first.address.toLowerCase(), provider: null },
        { address: second.address.toLowerCase(), provider: null },
      ]);
      assert.ok(!JSON.stringify(body).includes(first.key.slice(2)), "no private key in the answer");
    });

    it("shows the provider once it authorizes a key, and null again once it revokes it", async () => {
      await d.write(provider, "ReceiptRegistry", "authorizeScheduler", [second.address]);
      const authorized = await get("/receipts/schedulers");
      assert.deepEqual(authorized.body, [
        { address: first.address.toLowerCase(), provider: null },
        { address: second.address.toLowerCase(), provider: provider.toLowerCase() },
      ]);
      await d.write(provider, "ReceiptRegistry", "revokeScheduler", [second.address]);
      const revoked = await get("/receipts/schedulers");
      assert.equal(revoked.body[1].provider, null);
    });

    it("rejects query parameters with 400 and a message", async () => {
      const { status, body } = await get("/receipts/schedulers?provider=0x1");
      assert.equal(status, 400);
      assert.match(String(body.message), /provider should not exist/);
    });

    it("is documented in OpenAPI with its response schema", async () => {
      const doc = (await get("/docs/json")).body as Json;
      const op = doc.paths["/receipts/schedulers"]?.get;
      assert.ok(op, "documented");
      assert.deepEqual(Object.keys(op.responses).sort(), ["200", "400", "503"]);
      assert.deepEqual(Object.keys(doc.components.schemas.ReceiptSchedulerDto.properties).sort(), [
        "address",
        "provider",
      ]);
    });

    it("an answer for a node without scheduler keys is an empty list", async () => {
      const keyless = await startBackend(chain, kind);
      try {
        const res = await fetch(`${keyless.url}/receipts/schedulers`);
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), []);
      } finally {
        await keyless.close();
        await keyless.dropDatabase();
      }
    });
  });
}
