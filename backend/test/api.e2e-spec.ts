import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { abis } from "@dcx/sdk";
import { getAddress, type Address } from "viem";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";
import { buildMarket, LISTINGS, SLA_TERMS, type Market } from "./support/market.js";

// Loose shapes of the answers (the API's DTOs are what is under test, so they are not imported).
type Json = Record<string, any>;
type Page = { items: Json[]; page: number; limit: number; total: number };

/** `ResourceMarketplace.BookingState`, in enum order. */
const CHAIN_STATES = ["none", "requested", "active", "ended", "expired", "completed", "cancelled", "reclaimed"];

const lower = (a: string) => a.toLowerCase();
const ids = (page: Page) => page.items.map((i) => i.id as number);

describe("api", () => {
  let chain: LocalChain;
  let d: ReturnType<typeof dcx>;
  let m: Market;
  /** Wall-clock seconds when the market was built: chain time is moved well past it. */
  let wallClock: number;

  before(async () => {
    chain = await startLocalChain();
    d = dcx(chain);
    m = await buildMarket(chain, d);
    wallClock = Math.floor(Date.now() / 1000);
  });

  after(async () => {
    await chain?.stop();
  });

  for (const kind of databaseKinds()) {
    describe(kind, () => {
      let backend: TestBackend & { dropDatabase(): Promise<void> };

      before(async () => {
        backend = await startBackend(chain, kind);
        await backend.synced();
      });

      after(async () => {
        await backend?.close();
        await backend?.dropDatabase();
      });

      async function get(path: string): Promise<{ status: number; body: any }> {
        const res = await fetch(`${backend.url}${path}`);
        return { status: res.status, body: await res.json() };
      }

      /** GET that must answer 200. */
      async function ok<T = any>(path: string): Promise<T> {
        const { status, body } = await get(path);
        assert.equal(status, 200, `GET ${path} → ${status} ${JSON.stringify(body)}`);
        return body as T;
      }

      async function notFound(path: string, mention: string): Promise<void> {
        const { status, body } = await get(path);
        assert.equal(status, 404, `GET ${path} → ${status} ${JSON.stringify(body)}`);
        assert.match(String(body.message), new RegExp(mention), `GET ${path}: ${body.message}`);
      }

      const [p1, p2, p3] = [0, 1, 2].map((i) => () => m.providers[i]);
      const [c1, c2, c3] = [0, 1, 2].map((i) => () => m.consumers[i]);

      async function indexedTime(): Promise<number> {
        return (await ok<Json>("/chain/status")).indexedTimestamp;
      }

      it("GET /chain/status: the index is at the head, with the deployment's addresses", async () => {
        const status = await ok<Json>("/chain/status");
        const head = await chain.publicClient.getBlock();
        assert.equal(status.chainId, 31337);
        assert.equal(status.indexedBlock, Number(head.number));
        assert.equal(status.indexedTimestamp, Number(head.timestamp));
        assert.equal(status.chainHead, Number(head.number));
        assert.equal(status.lagBlocks, 0);
        assert.equal(status.backfilling, false);
        assert.equal(status.startBlock, Number(chain.startBlock));
        assert.deepEqual(
          status.contracts,
          Object.fromEntries(Object.entries(chain.contracts).map(([name, a]) => [name, lower(a)])),
        );
        // The market moved chain time ~1000 s past the wall clock: what derived states must follow.
        assert.ok(status.indexedTimestamp > wallClock + 900, `${status.indexedTimestamp} vs ${wallClock}`);
      });

      it("GET /resources: every listing matches the chain, with reputation, availability and hourly price", async () => {
        const page = await ok<Page>("/resources");
        assert.equal(page.total, 6);
        assert.equal(page.page, 1);
        assert.equal(page.limit, 20);
        assert.deepEqual(ids(page), [6, 5, 4, 3, 2, 1]);
        const expectedAvailable: Record<number, boolean> = { 1: true, 2: false, 3: false, 4: false, 5: true, 6: false };
        for (const item of page.items) {
          const listing = LISTINGS[item.id - 1];
          const onChain = (await d.read("ResourceMarketplace", "getResource", [BigInt(item.id)])) as Json;
          const reputation = Number(await d.read("SLAEnforcement", "reputationOf", [onChain.provider]));
          assert.equal(item.provider, lower(onChain.provider));
          assert.equal(item.provider, lower(m.providers[listing.provider - 1]));
          assert.equal(item.region, listing.region);
          assert.equal(item.cpuMillicores, listing.cpu);
          assert.equal(item.memoryMb, listing.memory);
          assert.equal(item.gpuCount, listing.gpu);
          assert.equal(item.capacity, listing.capacity);
          assert.equal(item.inUse, onChain.inUse);
          assert.equal(item.active, onChain.active);
          assert.equal(item.pricePerSecond, onChain.pricePerSecond.toString());
          assert.equal(item.pricePerHour, (listing.price * 3600n).toString());
          assert.equal(item.providerReputationBps, reputation, `resource ${item.id}`);
          assert.equal(item.available, expectedAvailable[item.id], `resource ${item.id} available`);
          assert.deepEqual(item.sla, SLA_TERMS);
        }
        // The SLA outcomes moved the reputations apart: provider 1 up, provider 2 down, provider 3 untouched.
        const rep = (id: number) => page.items.find((i) => i.id === id)!.providerReputationBps as number;
        assert.ok(rep(4) < rep(6) && rep(6) < rep(1), `reputations ${rep(4)} ${rep(6)} ${rep(1)}`);
        assert.equal(rep(6), 5000);
      });

      it("GET /resources: filters", async () => {
        const repP1 = Number(await d.read("SLAEnforcement", "reputationOf", [p1()]));
        const cases: [string, number[]][] = [
          ["region=eu-west-1", [6, 3, 1]],
          ["region=us-east-1", [5, 2]],
          ["region=nowhere", []],
          ["region=EU-WEST-1", []],
          ["minCpuMillicores=4000", [6, 4, 2]],
          ["minCpuMillicores=4001", [6, 2]],
          ["minMemoryMb=8192", [6, 5, 4, 2]],
          ["minMemoryMb=65537", []],
          ["minGpuCount=2", [6, 4]],
          ["minGpuCount=0", [6, 5, 4, 3, 2, 1]],
          [`maxPricePerSecond=${10n ** 14n}`, [5, 3, 1]],
          [`maxPricePerSecond=${10n ** 14n - 1n}`, [5, 3]],
          ["maxPricePerSecond=0", []],
          [`maxPricePerSecond=${2n ** 256n - 1n}`, [6, 5, 4, 3, 2, 1]],
          ["maxPricePerSecond=000010000000000000", [5]],
          [`minReputationBps=${repP1}`, [3, 2, 1]],
          ["minReputationBps=5000", [6, 3, 2, 1]],
          ["minReputationBps=10000", []],
          [`provider=${getAddress(p1())}`, [3, 2, 1]],
          [`provider=${lower(p2())}`, [5, 4]],
          [`provider=${lower(c1())}`, []],
          ["available=true", [5, 1]],
          ["available=false", [6, 4, 3, 2]],
          ["active=false", [3]],
          ["active=true", [6, 5, 4, 2, 1]],
          ["region=eu-west-1&available=true", [1]],
          ["region=eu-west-1&active=true&available=false", [6]],
          [`provider=${p1()}&active=true&sort=price`, [1, 2]],
          ["minCpuMillicores=2000&minGpuCount=1&maxPricePerSecond=300000000000000", [4, 2]],
        ];
        for (const [query, expected] of cases) {
          const page = await ok<Page>(`/resources?${query}`);
          assert.deepEqual(ids(page), expected, query);
          assert.equal(page.total, expected.length, `${query}: total`);
        }
      });

      it("GET /resources: each sort order", async () => {
        const cases: [string, number[]][] = [
          ["newest", [6, 5, 4, 3, 2, 1]],
          ["oldest", [1, 2, 3, 4, 5, 6]],
          ["price", [5, 3, 1, 4, 2, 6]],
          ["-price", [6, 2, 4, 1, 3, 5]],
          // Providers 2 < 3 < 1; ties (same provider) by id.
          ["reputation", [4, 5, 6, 1, 2, 3]],
          ["-reputation", [1, 2, 3, 6, 4, 5]],
          // Resources 3 and 5 share 1000 millicores: the id breaks the tie, in both directions.
          ["cpu", [3, 5, 1, 4, 2, 6]],
          ["-cpu", [6, 2, 4, 1, 3, 5]],
          ["memory", [3, 1, 4, 2, 6, 5]],
          ["-memory", [5, 6, 2, 4, 1, 3]],
        ];
        for (const [sort, expected] of cases) {
          assert.deepEqual(ids(await ok<Page>(`/resources?sort=${sort}`)), expected, sort);
        }
        // The default is newest, and a sort composes with a filter.
        assert.deepEqual(ids(await ok<Page>("/resources")), [6, 5, 4, 3, 2, 1]);
        assert.deepEqual(ids(await ok<Page>("/resources?sort=-price&region=eu-west-1")), [6, 1, 3]);
      });

      it("GET /resources: pagination totals and page boundaries", async () => {
        const first = await ok<Page>("/resources?limit=4&sort=oldest");
        assert.deepEqual([ids(first), first.page, first.limit, first.total], [[1, 2, 3, 4], 1, 4, 6]);
        const second = await ok<Page>("/resources?limit=4&page=2&sort=oldest");
        assert.deepEqual([ids(second), second.page, second.total], [[5, 6], 2, 6]);
        const beyond = await ok<Page>("/resources?limit=4&page=3&sort=oldest");
        assert.deepEqual([ids(beyond), beyond.page, beyond.total], [[], 3, 6]);
        // One per page walks the whole sorted list exactly once, for a sort with ties too.
        for (const sort of ["price", "cpu", "-reputation"]) {
          const walked: number[] = [];
          for (let page = 1; page <= 6; page++) {
            const p = await ok<Page>(`/resources?limit=1&page=${page}&sort=${sort}`);
            assert.equal(p.total, 6);
            walked.push(...ids(p));
          }
          assert.deepEqual(walked, ids(await ok<Page>(`/resources?sort=${sort}`)), sort);
        }
        // Totals count the filtered set, not the page.
        const filtered = await ok<Page>("/resources?region=eu-west-1&limit=2");
        assert.deepEqual([ids(filtered), filtered.total], [[6, 3], 3]);
        assert.equal((await ok<Page>("/resources?limit=100")).items.length, 6);
      });

      it("GET /resources/:id: SLA terms, provider record, bookings count; 404 when unknown", async () => {
        const r1 = await ok<Json>("/resources/1");
        const onChain = (await d.read("ResourceMarketplace", "getResource", [1n])) as Json;
        assert.deepEqual(r1.sla, {
          uptimeTargetBps: onChain.sla.uptimeTargetBps,
          penaltyBps: onChain.sla.penaltyBps,
          p95LatencyMs: onChain.sla.p95LatencyMs,
          periodLength: onChain.sla.periodLength,
        });
        const provider = (await d.read("ResourceMarketplace", "getProvider", [p1()])) as Json;
        const record = (await d.read("SLAEnforcement", "getProviderRecord", [p1()])) as Json;
        assert.equal(r1.providerRecord.address, lower(p1()));
        assert.equal(r1.providerRecord.stake, provider.stake.toString());
        assert.equal(r1.providerRecord.registered, true);
        assert.equal(r1.providerRecord.openBookings, provider.openBookings);
        assert.equal(r1.providerRecord.reputationBps, record.reputationBps);
        assert.equal(r1.providerRecord.periodsReported, record.periodsReported);
        assert.equal(r1.providerRecord.violations, record.violations);
        assert.equal(r1.providerRecord.periodsReported, 1);
        assert.equal(r1.bookingsCount, 2); // bookings 1 and 7
        assert.equal(r1.available, true);
        assert.equal((await ok<Json>("/resources/5")).bookingsCount, 4);
        assert.equal((await ok<Json>("/resources/3")).bookingsCount, 0);
        const r4 = await ok<Json>("/resources/4");
        assert.equal(r4.providerRecord.violations, 1);
        assert.equal(r4.available, false);
        const r6 = await ok<Json>("/resources/6");
        assert.deepEqual([r6.providerRecord.registered, r6.providerRecord.stake, r6.available], [false, "0", false]);
        // Leading zeros name the same id.
        assert.equal((await ok<Json>("/resources/0002")).id, 2);
        await notFound("/resources/7", "resource 7");
        await notFound("/resources/0", "resource 0");
        await notFound("/resources/9007199254740993", "resource 9007199254740993");
        await notFound("/resources/9223372036854775807", "resource 9223372036854775807");
      });

      it("GET /providers/:address: record, listings, booking totals and earnings; 404 when never seen", async () => {
        const now = await indexedTime();
        for (const [i, provider] of [p1(), p2(), p3()].entries()) {
          const profile = await ok<Json>(`/providers/${getAddress(provider)}`);
          const onChain = (await d.read("ResourceMarketplace", "getProvider", [provider])) as Json;
          const record = (await d.read("SLAEnforcement", "getProviderRecord", [provider])) as Json;
          assert.equal(profile.address, lower(provider));
          assert.equal(profile.registered, onChain.registered, `provider ${i + 1}`);
          assert.equal(profile.stake, onChain.stake.toString());
          assert.equal(profile.openBookings, onChain.openBookings);
          assert.equal(profile.stakeHolds, onChain.stakeHolds);
          // Booking 1's period 1 report is still in its dispute window: it holds provider 1's stake.
          assert.equal(profile.stakeHolds, i === 0 ? 1 : 0, `provider ${i + 1} stake holds`);
          assert.equal(profile.registeredAt, onChain.registeredAt);
          assert.equal(profile.reputationBps, record.reputationBps);
          assert.equal(profile.periodsReported, record.periodsReported);
          assert.equal(profile.violations, record.violations);
          assert.equal(profile.slashedTotal, "0");
          // Booking totals equal the escrow streams of its bookings.
          const mine: Json[] = [];
          for (const id of m.bookingIds) {
            const stream = (await d.read("EscrowManager", "getStream", [id])) as Json;
            if (lower(stream.provider) === lower(provider)) mine.push(stream);
          }
          const sum = (f: (s: Json) => bigint) => mine.reduce((a, s) => a + f(s), 0n).toString();
          const earned = (s: Json) => {
            if (s.start === 0) return 0n;
            const to = Math.min(now, s.end);
            return to > s.start ? BigInt(to - s.start) * s.ratePerSecond : 0n;
          };
          assert.equal(profile.bookings.total, mine.length);
          assert.equal(
            profile.bookings.amount,
            sum((s) => s.amount),
          );
          assert.equal(
            profile.bookings.refunded,
            sum((s) => s.refunded),
          );
          assert.equal(
            profile.bookings.penalized,
            sum((s) => s.penalized),
          );
          assert.equal(profile.bookings.earned, sum(earned));
          assert.equal(
            BigInt(profile.bookings.withdrawnNet) + BigInt(profile.bookings.feesPaid),
            BigInt(sum((s) => s.settled)),
          );
          assert.equal(profile.earningsWithdrawn, profile.bookings.withdrawnNet);
        }
        const one = await ok<Json>(`/providers/${lower(p1())}`);
        assert.deepEqual(one.resources, { total: 3, active: 2 });
        assert.deepEqual(one.bookings.byState, { active: 2, reclaimed: 1 });
        assert.ok(BigInt(one.earningsWithdrawn) > 0n && BigInt(one.bookings.feesPaid) > 0n);
        const two = await ok<Json>(`/providers/${lower(p2())}`);
        assert.deepEqual(two.resources, { total: 2, active: 2 });
        assert.deepEqual(two.bookings.byState, { cancelled: 1, completed: 1, ended: 1, expired: 1, requested: 1 });
        assert.ok(two.reputationBps < 5000 && two.violations === 1 && BigInt(two.bookings.penalized) > 0n);
        assert.equal(two.earningsWithdrawn, "0");
        const three = await ok<Json>(`/providers/${lower(p3())}`);
        assert.deepEqual(
          [three.registered, three.stake, three.resources, three.bookings.total],
          [false, "0", { total: 1, active: 1 }, 0],
        );
        assert.deepEqual(three.bookings.byState, {});
        // A consumer never registered: not a provider.
        await notFound(`/providers/${c1()}`, lower(c1()));
        await notFound(`/providers/0x${"0".repeat(40)}`, "not found");
      });

      it("GET /bookings: effective states at chain time, as the contract derives them", async () => {
        const all = await ok<Page>("/bookings?limit=100");
        assert.equal(all.total, 8);
        assert.deepEqual(ids(all), [8, 7, 6, 5, 4, 3, 2, 1]);
        const expected: Record<number, string> = {
          1: "active",
          2: "active",
          3: "ended",
          4: "expired",
          5: "cancelled",
          6: "completed",
          7: "reclaimed",
          8: "requested",
        };
        for (const b of all.items) {
          assert.equal(b.state, expected[b.id], `booking ${b.id}`);
          const onChain = Number(await d.read("ResourceMarketplace", "bookingState", [BigInt(b.id)]));
          assert.equal(b.state, CHAIN_STATES[onChain], `booking ${b.id} vs bookingState()`);
          assert.ok(!("endpointHash" in b), "no endpoint data in public answers");
        }
        // A wall-clock "now" would still call booking 4 requested: its deadline is ahead of the wall clock.
        const b4 = all.items.find((b) => b.id === 4)!;
        assert.ok(b4.provisionDeadline > Math.floor(Date.now() / 1000), "deadline ahead of the wall clock");
        for (const state of ["requested", "active", "ended", "expired", "completed", "cancelled", "reclaimed"]) {
          const page = await ok<Page>(`/bookings?state=${state}`);
          const want = Object.entries(expected)
            .filter(([, s]) => s === state)
            .map(([id]) => Number(id))
            .sort((a, b) => b - a);
          assert.deepEqual(ids(page), want, state);
          assert.equal(page.total, want.length);
        }
      });

      it("GET /bookings: filters, pagination, amounts and earnings", async () => {
        const cases: [string, number[]][] = [
          [`consumer=${getAddress(c1())}`, [8, 1]],
          [`consumer=${lower(c2())}`, [7, 3, 2]],
          [`consumer=${c3()}`, [6, 5, 4]],
          [`provider=${p1()}`, [7, 2, 1]],
          [`provider=${lower(p2())}`, [8, 6, 5, 4, 3]],
          [`provider=${p3()}`, []],
          ["resourceId=5", [8, 6, 5, 4]],
          ["resourceId=005", [8, 6, 5, 4]],
          ["resourceId=3", []],
          ["resourceId=9223372036854775807", []],
          ["resourceId=1&state=reclaimed", [7]],
          [`consumer=${c2()}&state=active`, [2]],
          [`provider=${p2()}&consumer=${c3()}&state=expired`, [4]],
        ];
        for (const [query, expected] of cases) {
          const page = await ok<Page>(`/bookings?${query}`);
          assert.deepEqual(ids(page), expected, query);
          assert.equal(page.total, expected.length, `${query}: total`);
        }
        const p3rd = await ok<Page>("/bookings?limit=3&page=3");
        assert.deepEqual([ids(p3rd), p3rd.total, p3rd.page, p3rd.limit], [[2, 1], 8, 3, 3]);
        assert.deepEqual(ids(await ok<Page>("/bookings?limit=3&page=2")), [5, 4, 3]);

        const now = await indexedTime();
        for (const b of (await ok<Page>("/bookings?limit=100")).items) {
          const stream = (await d.read("EscrowManager", "getStream", [BigInt(b.id)])) as Json;
          assert.equal(b.amount, stream.amount.toString(), `booking ${b.id} amount`);
          assert.equal(b.refunded, stream.refunded.toString(), `booking ${b.id} refunded`);
          assert.equal(b.penalized, stream.penalized.toString(), `booking ${b.id} penalized`);
          assert.equal(b.settled, stream.settled.toString(), `booking ${b.id} settled`);
          assert.equal(b.pricePerSecond, stream.ratePerSecond.toString());
          assert.equal(b.feeBps, stream.feeBps);
          assert.equal(b.startTime, stream.start === 0 ? null : stream.start);
          assert.equal(b.endTime, stream.start === 0 ? null : stream.end);
          const expected =
            stream.start === 0
              ? 0n
              : BigInt(Math.max(0, Math.min(now, stream.end) - stream.start)) * stream.ratePerSecond;
          assert.equal(b.earned, expected.toString(), `booking ${b.id} earned`);
        }
        // Where the stream is over, the contract's own figure (time-independent) agrees.
        for (const id of [3n, 6n, 5n, 7n]) {
          const b = await ok<Json>(`/bookings/${id}`);
          assert.equal(
            b.earned,
            ((await d.read("EscrowManager", "earned", [id])) as bigint).toString(),
            `booking ${id}`,
          );
        }
        const b1 = await ok<Json>("/bookings/1");
        assert.ok(BigInt(b1.earned) > 0n && BigInt(b1.earned) < BigInt(b1.amount));
        assert.ok(BigInt(b1.withdrawnNet) > 0n && BigInt(b1.feesPaid) > 0n);
        const b5 = await ok<Json>("/bookings/5");
        assert.deepEqual([b5.state, b5.refunded, b5.earned], ["cancelled", b5.amount, "0"]);
      });

      it("GET /bookings/:id: public detail; 404 when unknown", async () => {
        const b3 = await ok<Json>("/bookings/3");
        assert.equal(b3.id, 3);
        assert.equal(b3.resourceId, 4);
        assert.equal(b3.consumer, lower(c2()));
        assert.equal(b3.provider, lower(p2()));
        assert.equal(b3.state, "ended");
        assert.equal(b3.storedState, "active");
        assert.equal(b3.slaReportsCount, 1);
        assert.equal(b3.duration, 600);
        assert.ok(!("endpointHash" in b3));
        const b1 = await ok<Json>("/bookings/1");
        assert.deepEqual([b1.state, b1.storedState, b1.slaReportsCount], ["active", "active", 2]);
        const b4 = await ok<Json>("/bookings/4");
        assert.deepEqual([b4.state, b4.storedState, b4.startTime, b4.endTime], ["expired", "requested", null, null]);
        await notFound("/bookings/9", "booking 9");
        await notFound("/bookings/0", "booking 0");
        await notFound("/bookings/9223372036854775807", "booking 9223372036854775807");
      });

      it("GET /bookings/:id/sla-reports, /providers/:address/sla-reports, /sla/reports", async () => {
        const r1 = await ok<Page>("/bookings/1/sla-reports");
        assert.deepEqual(
          r1.items.map((r) => [r.bookingId, r.period, r.status, r.violated]),
          [
            [1, 0, "applied", false],
            [1, 1, "pending", false],
          ],
        );
        assert.equal(r1.total, 2);
        for (const r of r1.items) {
          const onChain = (await d.read("SLAEnforcement", "getReport", [1n, BigInt(r.period)])) as Json;
          assert.equal(r.uptimeBps, onChain.uptimeBps);
          assert.equal(r.p95LatencyMs, onChain.p95LatencyMs);
          assert.equal(r.penalty, onChain.penalty.toString());
          assert.equal(r.provider, lower(p1()));
        }
        const r3 = await ok<Page>("/bookings/3/sla-reports");
        assert.equal(r3.total, 1);
        const [violation] = r3.items;
        assert.deepEqual([violation.status, violation.violated, violation.uptimeBps], ["applied", true, 9000]);
        assert.ok(BigInt(violation.penalty) > 0n);
        assert.equal(violation.refunded, (await ok<Json>("/bookings/3")).penalized);
        assert.deepEqual(await ok<Page>("/bookings/8/sla-reports"), { items: [], page: 1, limit: 20, total: 0 });
        const paged = await ok<Page>("/bookings/1/sla-reports?limit=1&page=2");
        assert.deepEqual([paged.items.map((r) => r.period), paged.total], [[1], 2]);
        await notFound("/bookings/9/sla-reports", "booking 9");

        const byP1 = await ok<Page>(`/providers/${getAddress(p1())}/sla-reports`);
        assert.deepEqual(
          byP1.items.map((r) => [r.bookingId, r.period]),
          [
            [1, 1],
            [1, 0],
          ],
        );
        const byP2 = await ok<Page>(`/providers/${lower(p2())}/sla-reports`);
        assert.deepEqual(
          byP2.items.map((r) => [r.bookingId, r.period, r.violated]),
          [[3, 0, true]],
        );
        assert.deepEqual(await ok<Page>(`/providers/${p3()}/sla-reports`), { items: [], page: 1, limit: 20, total: 0 });
        await notFound(`/providers/${c1()}/sla-reports`, "not found");

        const cases: [string, [number, number][]][] = [
          [
            "",
            [
              [3, 0],
              [1, 1],
              [1, 0],
            ],
          ],
          [
            "status=applied",
            [
              [3, 0],
              [1, 0],
            ],
          ],
          ["status=pending", [[1, 1]]],
          ["status=disputed", []],
          ["status=submitted", []],
          ["violated=true", [[3, 0]]],
          [
            "violated=false",
            [
              [1, 1],
              [1, 0],
            ],
          ],
          [
            `provider=${getAddress(p1())}`,
            [
              [1, 1],
              [1, 0],
            ],
          ],
          [`provider=${lower(p2())}`, [[3, 0]]],
          [
            "bookingId=1",
            [
              [1, 1],
              [1, 0],
            ],
          ],
          ["bookingId=1&status=pending", [[1, 1]]],
          ["bookingId=2", []],
          [`provider=${p2()}&violated=false`, []],
          ["limit=2&page=2", [[1, 0]]],
        ];
        for (const [query, expected] of cases) {
          const page = await ok<Page>(`/sla/reports?${query}`);
          assert.deepEqual(
            page.items.map((r) => [r.bookingId, r.period]),
            expected,
            query,
          );
          if (!query.includes("limit")) assert.equal(page.total, expected.length, `${query}: total`);
        }
        assert.equal((await ok<Page>("/sla/reports?limit=2&page=2")).total, 3);
      });

      it("GET /receipts/batches, /receipts/batches/:id", async () => {
        const all = await ok<Page>("/receipts/batches");
        assert.deepEqual([ids(all), all.total], [[3, 2, 1], 3]);
        const [s1, s2] = m.schedulers;
        const cases: [string, number[]][] = [
          [`anchorer=${getAddress(s1)}`, [2, 1]],
          [`anchorer=${lower(s2)}`, [3]],
          [`provider=${p1()}`, [2, 1]],
          [`provider=${lower(p2())}`, [3]],
          [`provider=${p3()}`, []],
          [`anchorer=${s1}&provider=${p2()}`, []],
          ["limit=2&page=2", [1]],
        ];
        for (const [query, expected] of cases)
          assert.deepEqual(ids(await ok<Page>(`/receipts/batches?${query}`)), expected, query);
        // The chain's record of each batch is its BatchAnchored event (the registry keeps only the root).
        const anchored = await chain.publicClient.getContractEvents({
          address: chain.contracts.ReceiptRegistry,
          abi: abis.ReceiptRegistry,
          eventName: "BatchAnchored",
          fromBlock: chain.startBlock,
        });
        assert.equal(anchored.length, 3);
        for (const log of anchored) {
          const e = log.args as Json;
          const id = Number(e.batchId);
          const batch = await ok<Json>(`/receipts/batches/${id}`);
          assert.equal(batch.id, id);
          assert.equal(batch.root, e.root);
          assert.equal(batch.root, m.roots[id - 1]);
          assert.equal(batch.anchorer, lower(e.anchorer));
          assert.equal(batch.provider, lower(e.provider));
          assert.equal(batch.count, e.count);
          assert.equal(batch.firstTimestamp, e.firstTimestamp);
          assert.equal(batch.lastTimestamp, e.lastTimestamp);
          assert.equal(batch.prevBatchId, Number(e.prevBatchId));
          assert.equal(batch.uri, e.uri);
          assert.equal(batch.uri, `ipfs://batch/${id}`);
          assert.equal(batch.transactionHash, log.transactionHash);
          assert.equal(batch.transactionHash, m.batchTx[id - 1]);
          assert.equal(batch.blockNumber, Number(log.blockNumber));
        }
        // Each anchorer's chain of batches ends where the registry says it does.
        for (const [scheduler, last] of [
          [s1, 2],
          [s2, 3],
        ] as const) {
          assert.equal(Number(await d.read("ReceiptRegistry", "lastBatchOf", [scheduler])), last);
          assert.equal(ids(await ok<Page>(`/receipts/batches?anchorer=${scheduler}&limit=1`))[0], last);
        }
        const second = await ok<Json>("/receipts/batches/2");
        assert.deepEqual([second.prevBatchId, second.provider, second.anchorer], [1, lower(p1()), lower(s1)]);
        await notFound("/receipts/batches/4", "receipt batch 4");
        await notFound("/receipts/batches/0", "receipt batch 0");
      });

      it("GET /governance/proposals, /governance/parameters", async () => {
        const page = await ok<Page>("/governance/proposals");
        assert.equal(page.total, 2);
        const [pending, executed] = page.items;
        assert.equal(pending.description, m.proposals.pending.description);
        assert.equal(pending.status, "pending");
        assert.equal(pending.proposer, lower(m.deployer));
        assert.deepEqual(pending.targets, [lower(chain.contracts.ResourceMarketplace)]);
        assert.equal(executed.id, m.proposals.executed.id.toString());
        assert.equal(executed.status, "executed");
        assert.ok(BigInt(executed.forVotes) > 0n);
        assert.equal(executed.againstVotes, "0");
        assert.equal(typeof executed.eta, "number");
        assert.deepEqual(ids(await ok<Page>("/governance/proposals?status=executed")), [executed.id]);
        assert.deepEqual(ids(await ok<Page>("/governance/proposals?status=canceled")), []);
        assert.deepEqual(ids(await ok<Page>("/governance/proposals?limit=1&page=2")), [executed.id]);

        const parameters = await ok<Json>("/governance/parameters");
        assert.equal(parameters.platformFeeBps, "300");
        assert.equal(parameters.platformFeeBps, String(await d.read("EscrowManager", "platformFeeBps")));
        // Parameters never changed since deployment are read from the contracts, not missing.
        assert.equal(parameters.minStake, String(await d.read("ResourceMarketplace", "minStake")));
        assert.equal(parameters.disputeWindow, String(await d.read("SLAEnforcement", "disputeWindow")));
        assert.equal(parameters.reporterQuorum, String(await d.read("SLAEnforcement", "quorum")));
        assert.equal(parameters.treasury, String(await d.read("EscrowManager", "treasury")).toLowerCase());
        assert.equal(parameters.escrowPaused, "false");
        assert.ok(Object.values(parameters).every((v) => typeof v === "string"));
      });

      it("GET /events: the raw log in chain order, filtered", async () => {
        const logs = await chain.publicClient.getLogs({
          address: Object.values(chain.contracts) as Address[],
          fromBlock: chain.startBlock,
          toBlock: "latest",
        });
        const first = await ok<Page>("/events?limit=100");
        assert.equal(first.total, logs.length);
        const walked: Json[] = [];
        for (let page = 1; page <= Math.ceil(logs.length / 100); page++)
          walked.push(...(await ok<Page>(`/events?limit=100&page=${page}`)).items);
        assert.deepEqual(
          walked.map((e) => [e.blockNumber, e.logIndex, e.transactionHash]),
          logs.map((l) => [Number(l.blockNumber), l.logIndex, l.transactionHash]),
        );
        const created = await ok<Page>("/events?contract=ResourceMarketplace&event=BookingCreated");
        assert.equal(created.total, 8);
        assert.deepEqual(
          created.items.map((e) => e.args.bookingId),
          ["1", "2", "3", "4", "5", "6", "7", "8"],
        );
        assert.equal(created.items[0].args.consumer, lower(c1()), "addresses in args are lowercase");
        assert.equal(created.items[0].address, lower(chain.contracts.ResourceMarketplace));
        const from = Number(logs[10].blockNumber);
        const to = Number(logs[40].blockNumber);
        const window = await ok<Page>(`/events?fromBlock=${from}&toBlock=${to}&limit=100`);
        assert.equal(window.total, logs.filter((l) => l.blockNumber! >= from && l.blockNumber! <= to).length);
        assert.ok(window.items.every((e) => e.blockNumber >= from && e.blockNumber <= to));
        assert.equal((await ok<Page>("/events?contract=ReceiptRegistry&event=BatchAnchored")).total, 3);
        assert.equal((await ok<Page>("/events?contract=DCXGovernor&event=BatchAnchored")).total, 0);
        assert.equal(
          (await ok<Page>(`/events?fromBlock=${to}&toBlock=${to}`)).total,
          logs.filter((l) => Number(l.blockNumber) === to).length,
        );
        const tooFar = await get(`/events?fromBlock=${to}&toBlock=${from}`);
        assert.equal(tooFar.status, 400);
        assert.match(String(tooFar.body.message), /fromBlock/);
      });

      it("OpenAPI document lists every endpoint with its responses", async () => {
        const doc = await ok<Json>("/docs/json");
        const expected: [string, string[]][] = [
          ["/resources", ["200", "400"]],
          ["/resources/{id}", ["200", "400", "404"]],
          ["/providers/{address}", ["200", "400", "404"]],
          ["/providers/{address}/sla-reports", ["200", "400", "404"]],
          ["/bookings", ["200", "400"]],
          ["/bookings/{id}", ["200", "400", "404"]],
          ["/bookings/{id}/sla-reports", ["200", "400", "404"]],
          ["/sla/reports", ["200", "400"]],
          ["/receipts/batches", ["200", "400"]],
          ["/receipts/batches/{id}", ["200", "400", "404"]],
          ["/governance/proposals", ["200", "400"]],
          ["/governance/parameters", ["200", "400"]],
          ["/events", ["200", "400"]],
          ["/chain/status", ["200", "400"]],
        ];
        for (const [path, statuses] of expected) {
          const op = doc.paths[path]?.get;
          assert.ok(op, `${path} documented`);
          assert.deepEqual(Object.keys(op.responses).sort(), statuses, path);
        }
        const params = (doc.paths["/resources"].get.parameters as Json[]).map((p) => p.name).sort();
        assert.deepEqual(params, [
          "active",
          "available",
          "limit",
          "maxPricePerSecond",
          "minCpuMillicores",
          "minGpuCount",
          "minMemoryMb",
          "minReputationBps",
          "page",
          "provider",
          "region",
          "sort",
        ]);
        assert.ok(doc.components.schemas.ResourcePageDto, "page schemas are named");
        assert.ok(doc.components.schemas.BookingDetailDto);
        assert.ok(!("PageDto" in doc.components.schemas), "no anonymous page schema");
        assert.deepEqual(doc.components.schemas.ResourcePageDto.properties.items.items, {
          $ref: "#/components/schemas/ResourceDto",
        });
        const sort = (doc.paths["/resources"].get.parameters as Json[]).find((p) => p.name === "sort")!;
        assert.equal(sort.schema.enum.length, 10);
      });
    });
  }

  // Last: it moves chain time, which the suites above assume still.
  describe("chain time", () => {
    let backend: TestBackend & { dropDatabase(): Promise<void> };

    before(async () => {
      backend = await startBackend(chain, databaseKinds()[0]);
      await backend.synced();
    });

    after(async () => {
      await backend?.close();
      await backend?.dropDatabase();
    });

    const ok = async (path: string): Promise<any> => {
      const res = await fetch(`${backend.url}${path}`);
      assert.equal(res.status, 200, path);
      return res.json();
    };

    /** Mines one block at exactly `timestamp` and waits for the index to reach it. */
    async function mineAt(timestamp: number): Promise<void> {
      await chain.testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
      await chain.testClient.mine({ blocks: 1 });
      await backend.synced();
      assert.equal((await ok("/chain/status")).indexedTimestamp, timestamp);
    }

    it("derived states and earnings follow the chain's clock, to the second, without any event", async () => {
      const b8 = await ok("/bookings/8");
      const b1 = await ok("/bookings/1");
      const b2 = await ok("/bookings/2");
      assert.deepEqual([b8.state, b1.state, b2.state], ["requested", "active", "active"]);
      assert.ok(b1.endTime < b2.endTime);

      // Expired strictly after the provisioning deadline (the contract: block.timestamp > deadline).
      await mineAt(b8.provisionDeadline);
      assert.equal((await ok("/bookings/8")).state, "requested");
      assert.deepEqual(ids(await ok("/bookings?state=requested")), [8]);
      await mineAt(b8.provisionDeadline + 1);
      assert.equal((await ok("/bookings/8")).state, "expired");
      assert.deepEqual(ids(await ok("/bookings?state=expired")), [8, 4]);
      assert.deepEqual(ids(await ok("/bookings?state=requested")), []);
      const later = await ok("/bookings/1");
      const now = b8.provisionDeadline + 1;
      assert.equal(later.earned, (BigInt(now - later.startTime) * BigInt(later.pricePerSecond)).toString());
      assert.ok(BigInt(later.earned) > BigInt(b1.earned));

      // Ended at the end itself (the contract: block.timestamp >= end); earnings stop there.
      await mineAt(b1.endTime - 1);
      assert.deepEqual(ids(await ok("/bookings?state=active")), [2, 1]);
      await mineAt(b1.endTime);
      assert.deepEqual(ids(await ok("/bookings?state=active")), [2]);
      assert.deepEqual(ids(await ok("/bookings?state=ended")), [3, 1]);
      const full = (BigInt(b1.endTime - b1.startTime) * BigInt(b1.pricePerSecond)).toString();
      assert.equal((await ok("/bookings/1")).earned, full);
      await mineAt(b2.endTime + 100);
      assert.equal((await ok("/bookings/1")).earned, full);
      assert.deepEqual(ids(await ok("/bookings?state=ended")), [3, 2, 1]);
      assert.deepEqual(ids(await ok("/bookings?state=active")), []);
      const ended = await ok("/bookings/2");
      assert.equal(ended.earned, (BigInt(b2.endTime - b2.startTime) * BigInt(b2.pricePerSecond)).toString());
      assert.equal(ended.earned, ((await d.read("EscrowManager", "earned", [2n])) as bigint).toString());
      const profile = await ok(`/providers/${m.providers[0]}`);
      assert.deepEqual(profile.bookings.byState, { ended: 2, reclaimed: 1 });
      assert.equal(
        profile.bookings.earned,
        (BigInt(ended.earned) + BigInt(full)).toString(),
        "provider earnings sum the same formula",
      );
    });
  });
});
