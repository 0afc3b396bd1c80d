import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getAddress, type Address } from "viem";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";

/**
 * The malformed-input sweep: every parameter of every endpoint, fed a table of bad values, must
 * answer 4xx with a message naming the parameter — never 500, never a silent 200.
 */

const INT = [
  "abc",
  "-1",
  "1.5",
  "1e3",
  "",
  "0x10",
  " 1",
  "1 ",
  "+1",
  "NaN",
  "Infinity",
  "1,2",
  "99999999999999999999999",
  "\u0000",
];
const PAGE = [...INT, "0", "1000001"];
const LIMIT = [...INT, "0", "101", "1000"];
const ID = [
  "abc",
  "-1",
  "1.5",
  "",
  "1e3",
  "0x1",
  " 1",
  "+1",
  "9223372036854775808",
  "99999999999999999999999999999",
  "\u0000",
];
const UINT256 = ["-1", "1.5", "abc", "", "0x10", "1e18", " 1", (2n ** 256n).toString(), "9".repeat(79)];
const BOOL = ["yes", "1", "0", "TRUE", "False", "", "null"];

function badAddresses(good: Address): string[] {
  const hex = good.slice(2).toLowerCase();
  const checksummed = getAddress(good);
  // Flip the case of one letter: still an address, but the checksum no longer matches.
  const i = [...checksummed].findIndex((c, k) => k > 1 && /[a-f]/i.test(c));
  const badChecksum =
    checksummed.slice(0, i) +
    (checksummed[i] === checksummed[i].toUpperCase() ? checksummed[i].toLowerCase() : checksummed[i].toUpperCase()) +
    checksummed.slice(i + 1);
  return [
    "0x123",
    "xyz",
    "",
    hex,
    `0X${hex}`,
    `0x${hex}0`,
    `0x${hex.slice(1)}`,
    `0x${"g".repeat(40)}`,
    badChecksum,
    `${good} `,
    "\u0000",
  ];
}

type Case = { path: string; param: string; value: string };

describe("api malformed input", () => {
  let chain: LocalChain;
  let provider: Address;
  let consumer: Address;

  before(async () => {
    chain = await startLocalChain();
    ({ provider, consumer } = await dcx(chain).marketWithBooking());
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
        const text = await res.text();
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          body = { message: text };
        }
        return { status: res.status, body };
      }

      const messageOf = (body: any) =>
        Array.isArray(body?.message) ? body.message.join("; ") : String(body?.message ?? "");

      /** Asserts a 4xx answer whose message names `mention`. */
      async function rejects(path: string, mention?: string): Promise<void> {
        const { status, body } = await get(path);
        assert.ok(status >= 400 && status < 500, `GET ${path} → ${status} ${JSON.stringify(body)}`);
        const message = messageOf(body);
        assert.ok(message.length > 0, `GET ${path}: no message`);
        if (mention) assert.ok(message.includes(mention), `GET ${path}: "${message}" should name ${mention}`);
      }

      /** Every query parameter of every endpoint, with its table of bad values. */
      function queryCases(): Case[] {
        const addresses = badAddresses(provider);
        const lists: Record<string, Record<string, string[]>> = {
          "/resources": {
            page: PAGE,
            limit: LIMIT,
            region: ["", "\u0000", "eu\nwest", "a".repeat(33), "é".repeat(17)],
            minCpuMillicores: [...INT, "2147483648"],
            minMemoryMb: [...INT, "2147483648"],
            minGpuCount: [...INT, "65536"],
            maxPricePerSecond: UINT256,
            minReputationBps: [...INT, "10001"],
            provider: addresses,
            available: BOOL,
            active: BOOL,
            sort: ["price2", "PRICE", "", "-newest", "price,-cpu", "--price", "+price", "id", "\u0000"],
          },
          "/bookings": {
            page: PAGE,
            limit: LIMIT,
            consumer: addresses,
            provider: addresses,
            resourceId: ID,
            state: ["ENDED", "foo", "", "none", "active ", "\u0000"],
          },
          "/sla/reports": {
            page: PAGE,
            limit: LIMIT,
            provider: addresses,
            bookingId: ID,
            status: ["x", "APPLIED", "", "none"],
            violated: BOOL,
          },
          "/receipts/batches": { page: PAGE, limit: LIMIT, anchorer: addresses, provider: addresses },
          "/governance/proposals": { page: PAGE, limit: LIMIT, status: ["active", "x", "", "Pending"] },
          "/events": {
            page: PAGE,
            limit: LIMIT,
            contract: ["Foo", "resourcemarketplace", "", "ResourceMarketplace "],
            event: ["Bad-Name", "a".repeat(65), "", "1abc", "\u0000", "x y", "Booking'Created"],
            fromBlock: [...INT, "9007199254740992"],
            toBlock: [...INT, "9007199254740992"],
          },
          "/bookings/1/sla-reports": { page: PAGE, limit: LIMIT },
          [`/providers/${provider}/sla-reports`]: { page: PAGE, limit: LIMIT },
        };
        return Object.entries(lists).flatMap(([path, params]) =>
          Object.entries(params).flatMap(([param, values]) => values.map((value) => ({ path, param, value }))),
        );
      }

      it("every query parameter rejects every bad value with 400 naming it", async () => {
        const cases = queryCases();
        assert.ok(cases.length > 300, `${cases.length} cases`);
        for (const { path, param, value } of cases) {
          const { status, body } = await get(`${path}?${param}=${encodeURIComponent(value)}`);
          const shown = `GET ${path}?${param}=${JSON.stringify(value)} → ${status} ${JSON.stringify(body)}`;
          assert.equal(status, 400, shown);
          assert.ok(messageOf(body).includes(param), shown);
        }
      });

      it("a parameter given twice, or in bracket form, is rejected", async () => {
        for (const [path, param, value] of [
          ["/resources", "limit", "1"],
          ["/resources", "sort", "price"],
          ["/resources", "region", "eu-west-1"],
          ["/bookings", "state", "active"],
          ["/bookings", "consumer", consumer],
          ["/sla/reports", "violated", "true"],
          ["/events", "fromBlock", "1"],
        ] as const) {
          await rejects(`${path}?${param}=${value}&${param}=${value}`, param);
          await rejects(`${path}?${param}[]=${value}`, param);
        }
      });

      it("every endpoint rejects unknown query parameters", async () => {
        // [endpoint, takes page/limit]
        const endpoints: [string, boolean][] = [
          ["/resources", true],
          ["/resources/1", false],
          [`/providers/${provider}`, false],
          [`/providers/${provider}/sla-reports`, true],
          ["/bookings", true],
          ["/bookings/1", false],
          ["/bookings/1/sla-reports", true],
          ["/sla/reports", true],
          ["/receipts/batches", true],
          ["/receipts/batches/1", false],
          ["/receipts", true],
          ["/receipts/unanchored", false],
          ["/receipts/schedulers", false],
          ["/governance/proposals", true],
          ["/governance/parameters", false],
          ["/events", true],
          ["/chain/status", false],
        ];
        for (const [endpoint, paged] of endpoints) {
          for (const name of ["foo", "Limit", "offset", "x y", "sort ", "\u0000"]) {
            await rejects(`${endpoint}?${encodeURIComponent(name)}=1`, name);
          }
          // Nest's ValidationPipe deletes these two keys before anything sees them (prototype-pollution
          // guard), so they are ignored rather than rejected; they must still never break a request.
          for (const name of ["__proto__", "constructor"]) {
            const { status } = await get(`${endpoint}?${name}=1`);
            assert.ok(status === 200 || status === 404, `GET ${endpoint}?${name}=1 → ${status}`);
          }
          // Named even beside valid parameters; and page/limit are not accepted where there is no list.
          if (paged) await rejects(`${endpoint}?page=1&limit=5&foo=1`, "foo");
          else await rejects(`${endpoint}?page=1`, "page");
        }
      });

      it("every path parameter rejects bad ids and addresses with 400 naming it", async () => {
        const idPaths = ["/resources/:id", "/bookings/:id", "/bookings/:id/sla-reports", "/receipts/batches/:id"];
        for (const template of idPaths) {
          for (const value of ID.filter((v) => v !== "")) {
            await rejects(template.replace(":id", encodeURIComponent(value)), "id");
          }
        }
        const addressPaths = ["/providers/:address", "/providers/:address/sla-reports"];
        for (const template of addressPaths) {
          for (const value of badAddresses(provider).filter((v) => v !== "")) {
            await rejects(template.replace(":address", encodeURIComponent(value)), "address");
          }
        }
        // Undecodable percent-escapes in a path are a client error too.
        for (const path of ["/resources/%E0%A4%A", "/providers/%ZZ", "/bookings/%", "/bookings/%C0%80/sla-reports"]) {
          const { status } = await get(path);
          assert.ok(status >= 400 && status < 500, `GET ${path} → ${status}`);
        }
        // In a query string the parser keeps an undecodable value as written: a region literally named so.
        const literal = await get("/resources?region=%E0%A4%A");
        assert.deepEqual([literal.status, literal.body.total], [200, 0]);
      });

      it("an inverted block range is rejected", async () => {
        await rejects("/events?fromBlock=10&toBlock=9", "fromBlock");
      });

      it("boundary values are accepted (the validators are not over-strict)", async () => {
        const accepted: [string, number][] = [
          ["/resources?page=1000000&limit=100", 200],
          ["/resources?limit=1", 200],
          [`/resources?maxPricePerSecond=${2n ** 256n - 1n}`, 200],
          ["/resources?maxPricePerSecond=0", 200],
          ["/resources?minCpuMillicores=2147483647&minMemoryMb=0&minGpuCount=65535&minReputationBps=10000", 200],
          [`/resources?region=${encodeURIComponent("é".repeat(16))}`, 200],
          [`/resources?provider=${getAddress(provider)}&available=false&active=true&sort=-memory`, 200],
          [`/bookings?consumer=${consumer.toLowerCase()}&resourceId=9223372036854775807&state=expired`, 200],
          ["/sla/reports?bookingId=0&violated=false&status=submitted", 200],
          ["/events?fromBlock=0&toBlock=9007199254740991&contract=DCXToken&event=Transfer", 200],
          ["/events?fromBlock=5&toBlock=5", 200],
          ["/governance/proposals?status=canceled&page=2", 200],
          ["/resources/9223372036854775807", 404],
          ["/bookings/9223372036854775807/sla-reports", 404],
          ["/receipts/batches/1", 404],
          [`/providers/${consumer}`, 404],
          [`/providers/${getAddress(provider)}`, 200],
          [`/providers/${provider.toLowerCase()}/sla-reports?limit=100`, 200],
        ];
        for (const [path, expected] of accepted) {
          const { status, body } = await get(path);
          assert.equal(status, expected, `GET ${path} → ${status} ${JSON.stringify(body)}`);
        }
      });

      it("after the sweep the service is healthy", async () => {
        assert.equal((await get("/health")).status, 200);
        assert.equal((await get("/resources/1")).status, 200);
      });
    });
  }
});
