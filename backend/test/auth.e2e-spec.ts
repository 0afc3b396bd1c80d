import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { JwtService } from "@nestjs/jwt";
import { eq } from "drizzle-orm";
import { keccak256, stringToHex } from "viem";
import { authNonces } from "../src/database/schema.js";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";
import { hardhatAccount, request, SIWE_DOMAIN, siweMessage, signIn } from "./support/siwe.js";

const JWT_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
const provider = hardhatAccount(1);
const newcomer = hardhatAccount(2);
const consumer = hardhatAccount(4);
const stranger = hardhatAccount(7);
const reporter = hardhatAccount(9);

for (const kind of databaseKinds()) {
  describe(`auth (${kind})`, () => {
    let chain: LocalChain;
    let d: ReturnType<typeof dcx>;
    let backend: TestBackend & { dropDatabase(): Promise<void> };
    let bookingId: bigint;
    let url: string;
    const post = (path: string, body: unknown) => request(url, path, { body });

    /** Signs `message` with `account` and posts it. */
    async function verify(message: string, account = consumer, signature?: `0x${string}`) {
      return post("/auth/verify", { message, signature: signature ?? (await account.signMessage({ message })) });
    }

    before(async () => {
      chain = await startLocalChain();
      d = dcx(chain);
      for (const [i, account] of [provider, newcomer, consumer, stranger, reporter].entries()) {
        assert.equal(
          account.address,
          chain.accounts[[1, 2, 4, 7, 9][i]!],
          "hardhat accounts come from the default mnemonic",
        );
      }
      ({ bookingId } = await d.marketWithBooking());
      backend = await startBackend(chain, kind, { JWT_SECRET, SIWE_DOMAIN, JWT_TTL_SECONDS: "600" });
      url = backend.url;
      await backend.synced();
    });

    after(async () => {
      await backend?.close();
      await backend?.dropDatabase();
      await chain?.stop();
    });

    describe("sign-in", () => {
      it("default: nonce → signed message → session", async () => {
        const nonce = await request(url, "/auth/nonce");
        assert.equal(nonce.status, 200);
        assert.match(nonce.body.nonce, /^[a-zA-Z0-9]{8,}$/);
        const ttl = Date.parse(nonce.body.expiresAt) - Date.now();
        assert.ok(ttl > 250_000 && ttl <= 300_000, `nonce ttl ${ttl} ms`);

        const message = await siweMessage(url, consumer.address, { nonce: nonce.body.nonce });
        const res = await verify(message);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.address, consumer.address);
        assert.deepEqual(res.body.roles, ["consumer"]);
        assert.match(res.body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
        const header = JSON.parse(Buffer.from(res.body.token.split(".")[0], "base64url").toString());
        assert.equal(header.alg, "HS256");
        const lifetime = Date.parse(res.body.expiresAt) - Date.now();
        assert.ok(lifetime > 590_000 && lifetime <= 600_000, `token lifetime ${lifetime} ms`);

        const [row] = await backend.database.db.select().from(authNonces).where(eq(authNonces.nonce, nonce.body.nonce));
        assert.ok(row?.usedAt, "the nonce is marked used");

        const me = await request(url, "/auth/me", { token: res.body.token });
        assert.equal(me.status, 200);
        assert.deepEqual(me.body, { address: consumer.address, chainId: 31337, roles: ["consumer"] });
      });

      it("a replayed message is refused", async () => {
        const message = await siweMessage(url, consumer.address);
        const signature = await consumer.signMessage({ message });
        assert.equal((await verify(message, consumer, signature)).status, 200);
        const replay = await verify(message, consumer, signature);
        assert.equal(replay.status, 401);
        assert.equal(replay.body.code, "NONCE_REPLAYED");
        assert.match(replay.body.message, /already used/);
      });

      it("two racing requests with one message: exactly one session", async () => {
        const message = await siweMessage(url, consumer.address);
        const signature = await consumer.signMessage({ message });
        const results = await Promise.all(Array.from({ length: 6 }, () => verify(message, consumer, signature)));
        assert.deepEqual(results.map((r) => r.status).sort(), [200, 401, 401, 401, 401, 401]);
        for (const r of results.filter((r) => r.status === 401)) assert.equal(r.body.code, "NONCE_REPLAYED");
      });

      it("errors: unknown nonce", async () => {
        const res = await verify(await siweMessage(url, consumer.address, { nonce: "neverIssued12345" }));
        assert.equal(res.status, 401);
        assert.equal(res.body.code, "UNKNOWN_NONCE");
      });

      it("errors: expired nonce", async () => {
        const message = await siweMessage(url, consumer.address);
        const nonce = /Nonce: (\w+)/.exec(message)![1]!;
        await backend.database.db
          .update(authNonces)
          .set({ expiresAt: new Date(Date.now() - 1_000) })
          .where(eq(authNonces.nonce, nonce));
        const res = await verify(message);
        assert.equal(res.status, 401);
        assert.equal(res.body.code, "NONCE_EXPIRED");
      });

      it("errors: expired message", async () => {
        const res = await verify(
          await siweMessage(url, consumer.address, {
            issuedAt: new Date(Date.now() - 120_000),
            expirationTime: new Date(Date.now() - 1_000),
          }),
        );
        assert.equal(res.status, 401);
        assert.equal(res.body.code, "MESSAGE_EXPIRED");
        assert.match(res.body.message, /expired at/);
      });

      it("errors: not yet valid, issued in the future", async () => {
        const early = await verify(
          await siweMessage(url, consumer.address, { notBefore: new Date(Date.now() + 600_000) }),
        );
        assert.equal(early.status, 401);
        assert.equal(early.body.code, "MESSAGE_NOT_YET_VALID");
        const future = await verify(
          await siweMessage(url, consumer.address, { issuedAt: new Date(Date.now() + 600_000) }),
        );
        assert.equal(future.status, 401);
        assert.equal(future.body.code, "ISSUED_IN_FUTURE");
      });

      it("errors: wrong domain", async () => {
        const res = await verify(await siweMessage(url, consumer.address, { domain: "evil.example.com" }));
        assert.equal(res.status, 401);
        assert.equal(res.body.code, "DOMAIN_MISMATCH");
        assert.match(res.body.message, /evil\.example\.com/);
      });

      it("errors: wrong chain id", async () => {
        const res = await verify(await siweMessage(url, consumer.address, { chainId: 1 }));
        assert.equal(res.status, 401);
        assert.equal(res.body.code, "CHAIN_ID_MISMATCH");
      });

      it("errors: bad signature", async () => {
        // Signed by someone else than the address in the message.
        const message = await siweMessage(url, consumer.address);
        const forged = await verify(message, stranger);
        assert.equal(forged.status, 401);
        assert.equal(forged.body.code, "BAD_SIGNATURE");
        // Not an ECDSA signature at all.
        const garbage = await verify(message, consumer, `0x${"ab".repeat(65)}`);
        assert.equal(garbage.status, 401);
        assert.equal(garbage.body.code, "BAD_SIGNATURE");
        // The nonce survives failed attempts: the real signature still works.
        assert.equal((await verify(message)).status, 200);
      });

      it("errors: malformed message or body", async () => {
        const signature = await consumer.signMessage({ message: "hello" });
        const res = await post("/auth/verify", { message: "hello", signature });
        assert.equal(res.status, 400);
        assert.equal(res.body.code, "MALFORMED_MESSAGE");
        const truncated = (await siweMessage(url, consumer.address)).split("\nNonce:")[0]!;
        const partial = await verify(truncated);
        assert.equal(partial.status, 400);
        assert.equal(partial.body.code, "MALFORMED_MESSAGE");
        const badDate = (await siweMessage(url, consumer.address)).replace(/Issued At: .*/, "Issued At: yesterday");
        assert.equal((await verify(badDate)).body.code, "MALFORMED_MESSAGE");
        assert.equal((await post("/auth/verify", { message: "hello" })).status, 400);
        assert.equal((await post("/auth/verify", { message: "hello", signature: "nothex" })).status, 400);
      });
    });

    describe("rate limit", () => {
      it("sign-in requests beyond AUTH_RATE_LIMIT_PER_MINUTE per route get 429 with Retry-After; the rest of the API does not", async () => {
        const limited = await startBackend(chain, kind, { JWT_SECRET, SIWE_DOMAIN, AUTH_RATE_LIMIT_PER_MINUTE: "3" });
        try {
          for (let i = 0; i < 3; i++) assert.equal((await request(limited.url, "/auth/nonce")).status, 200);
          const refused = await request<{ statusCode: number; message: string }>(limited.url, "/auth/nonce");
          assert.equal(refused.status, 429);
          assert.equal(refused.body.statusCode, 429);
          assert.match(refused.body.message, /too many requests/i);
          const retryAfter = Number(refused.headers.get("retry-after"));
          assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${refused.headers.get("retry-after")}`);
          // Each sign-in route has its own budget, bad requests count too; the public read API is spared.
          for (let i = 0; i < 3; i++)
            assert.equal((await request(limited.url, "/auth/verify", { body: {} })).status, 400);
          assert.equal((await request(limited.url, "/auth/verify", { body: {} })).status, 429);
          assert.equal((await request(limited.url, "/resources")).status, 200);
        } finally {
          await limited.close();
          await limited.dropDatabase();
        }
      });
    });

    describe("sessions", () => {
      it("protected routes need a token; public ones do not", async () => {
        const none = await request(url, "/auth/me");
        assert.equal(none.status, 401);
        assert.equal(none.body.code, "MISSING_TOKEN");
        assert.equal((await request(url, `/bookings/${bookingId}/access`)).status, 401);
        assert.equal((await request(url, "/auth/me", { headers: { authorization: "Basic abc" } })).status, 401);
        assert.equal((await request(url, "/health")).status, 200);
        assert.equal((await request(url, "/metrics")).status, 200);
        assert.equal((await request(url, "/auth/nonce")).status, 200);
        const openApi = await request(url, "/docs/json");
        assert.equal(openApi.status, 200);
        assert.ok(
          openApi.body.paths["/bookings/{id}/access"].get.security,
          "OpenAPI marks the route as needing a bearer token",
        );
      });

      it("expired, tampered and foreign tokens are refused", async () => {
        const { body } = await signIn(url, consumer);
        const options = { issuer: "dcx-backend", audience: SIWE_DOMAIN };
        const now = Math.floor(Date.now() / 1_000);
        const expired = new JwtService({ secret: JWT_SECRET }).sign(
          { sub: consumer.address, chainId: 31337, iat: now - 100, exp: now - 10 },
          options,
        );
        const expiredRes = await request(url, "/auth/me", { token: expired });
        assert.equal(expiredRes.status, 401);
        assert.equal(expiredRes.body.code, "TOKEN_EXPIRED");

        const [h, p, s] = body.token.split(".") as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, "base64url").toString());
        const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: stranger.address })).toString("base64url");
        const flipped = `${s.slice(0, -2)}${s.endsWith("AA") ? "BB" : "AA"}`;
        for (const token of [
          `${h}.${otherPayload}.${s}`, // payload swapped
          `${h}.${p}.${flipped}`, // signature altered
          `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${p}.`, // alg none
          new JwtService({ secret: "another-secret-another-secret-another" }).sign(
            { sub: consumer.address, chainId: 31337 },
            options,
          ),
          new JwtService({ secret: JWT_SECRET }).sign({ sub: consumer.address, chainId: 1 }, options), // other chain
          "not.a.jwt",
        ]) {
          const res = await request(url, "/auth/me", { token });
          assert.equal(res.status, 401, token);
          assert.equal(res.body.code, "INVALID_TOKEN");
        }
        assert.equal((await request(url, "/auth/me", { token: body.token })).status, 200);
      });
    });

    describe("roles", () => {
      it("follow on-chain state", async () => {
        const session = await signIn(url, newcomer);
        assert.equal(session.status, 200);
        assert.deepEqual(session.body.roles, []);
        const token = session.body.token;

        await d.fund(newcomer.address);
        await d.registerProvider(newcomer.address);
        assert.deepEqual((await request(url, "/auth/me", { token })).body.roles, ["provider"]);

        await d.write(newcomer.address, "DCXToken", "delegate", [newcomer.address]);
        assert.deepEqual((await request(url, "/auth/me", { token })).body.roles, ["provider", "governance"]);

        const resourceId = await d.listResource(provider.address);
        await d.book(newcomer.address, resourceId);
        await backend.synced();
        assert.deepEqual((await request(url, "/auth/me", { token })).body.roles, [
          "provider",
          "consumer",
          "governance",
        ]);

        assert.deepEqual((await signIn(url, reporter)).body.roles, ["reporter"]);
        assert.deepEqual((await signIn(url, provider)).body.roles, ["provider"]);
      });
    });

    describe("GET /bookings/:id/access", () => {
      it("default: the consumer and the provider see the booking's private data", async () => {
        const [c, p] = await Promise.all([signIn(url, consumer), signIn(url, provider)]);
        const before = await request(url, `/bookings/${bookingId}/access`, { token: c.body.token });
        assert.equal(before.status, 200, JSON.stringify(before.body));
        assert.equal(before.body.state, "requested");
        assert.equal(before.body.endpointHash, null);
        assert.equal(before.body.endpoint, null);
        assert.deepEqual(before.body.instances, []);
        assert.equal(before.headers.get("cache-control"), "private, no-store");

        await d.activate(provider.address, bookingId);
        await backend.synced();
        for (const token of [c.body.token, p.body.token]) {
          const res = await request(url, `/bookings/${bookingId}/access`, { token });
          assert.equal(res.status, 200);
          assert.equal(res.body.bookingId, Number(bookingId));
          assert.equal(res.body.state, "active");
          assert.equal(res.body.consumer, consumer.address.toLowerCase());
          assert.equal(res.body.provider, provider.address.toLowerCase());
          assert.equal(res.body.endpointHash, keccak256(stringToHex(`http://127.0.0.1/booking/${bookingId}`)));
          assert.ok(res.body.startTime > 0 && res.body.endTime > res.body.startTime);
        }
      });

      it("errors: 403 for others, 404 for unknown bookings, 400 for bad ids", async () => {
        const { body } = await signIn(url, stranger);
        const res = await request(url, `/bookings/${bookingId}/access`, { token: body.token });
        assert.equal(res.status, 403);
        assert.equal((await request(url, "/bookings/9999/access", { token: body.token })).status, 404);
        assert.equal((await request(url, "/bookings/99999999999999999999/access", { token: body.token })).status, 404);
        assert.equal((await request(url, "/bookings/abc/access", { token: body.token })).status, 400);
      });
    });
  });
}
