import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { MemoryDecisionSink } from "../../receipts/scheduling-decision.js";
import { LoadBalancer } from "./load-balancer.js";
import { LoadBalancerOptionsError } from "./options.js";
import { get, startWorkloads, stopWorkloads, type TestWorkload } from "./test-workloads.js";

/** A real HTTP upstream that answers with the headers it received, or echoes POST bodies back. */
function startEchoServer(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === "POST") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      req.pipe(res);
      return;
    }
    const body = JSON.stringify({ headers: req.headers, instanceId: "echo" });
    res.writeHead(200, {
      "content-type": "application/json",
      connection: "keep-alive, x-upstream-secret",
      "x-upstream-secret": "hop",
      "keep-alive": "timeout=5",
      "x-kept": "yes",
    });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** A GET with node:http, which (unlike undici) lets a test send hop-by-hop headers. */
function nodeGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = httpRequest(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    },
  );
}

describe("LoadBalancer: proxying", () => {
  let echo: Server;
  let workloads: TestWorkload[];
  let lb: LoadBalancer;
  let url: string;
  const sink = new MemoryDecisionSink();

  before(async () => {
    echo = await startEchoServer();
    workloads = await startWorkloads(1);
    lb = new LoadBalancer({
      bookingId: 11n,
      algorithm: "round-robin",
      decisionSink: sink,
      healthCheck: { intervalMs: 0 },
    });
    lb.addUpstream({ id: "echo", host: "127.0.0.1", port: (echo.address() as AddressInfo).port });
    url = await lb.listen();
  });

  after(async () => {
    await lb?.close();
    await new Promise((r) => echo?.close(r));
    await stopWorkloads(workloads ?? []);
  });

  it("strips hop-by-hop headers (and those Connection lists), sets X-Forwarded-* and a request id", async () => {
    const res = await nodeGet(`${url}/h?q=1`, {
      connection: "keep-alive, x-client-hop",
      "x-client-hop": "secret",
      "keep-alive": "timeout=9",
      te: "trailers",
      "proxy-authorization": "Basic abc",
      "x-forwarded-for": "10.0.0.9",
      "x-forwarded-proto": "https",
      "x-custom": "kept",
    });
    assert.equal(res.status, 200);
    const seen = res.body.headers as IncomingHttpHeaders;
    for (const name of ["x-client-hop", "keep-alive", "te", "proxy-authorization"]) {
      assert.equal(seen[name], undefined, `${name} must not reach the upstream`);
    }
    assert.equal(seen["x-custom"], "kept");
    assert.equal(seen["x-forwarded-for"], "10.0.0.9, 127.0.0.1");
    assert.equal(seen["x-forwarded-proto"], "http");
    assert.match(String(seen["x-forwarded-host"]), /^127\.0\.0\.1:\d+$/);
    assert.match(String(seen["x-request-id"]), /^[0-9a-f]{10}-[0-9a-f]+$/);
    // the response: hop-by-hop and Connection-listed headers of the upstream removed, request id echoed
    assert.equal(res.headers["x-upstream-secret"], undefined);
    assert.equal(res.headers["keep-alive"] === "timeout=5", false);
    assert.equal(res.headers["x-kept"], "yes");
    assert.equal(res.headers["x-request-id"], seen["x-request-id"]);
  });

  it("keeps a sane client request id, replaces an insane one", async () => {
    const kept = await get(`${url}/id`, { "x-request-id": "client-id_42.abc" });
    assert.equal((kept.body.headers as IncomingHttpHeaders)["x-request-id"], "client-id_42.abc");
    assert.equal(kept.headers["x-request-id"], "client-id_42.abc");
    const replaced = await get(`${url}/id`, { "x-request-id": "bad id <script>" });
    assert.notEqual((replaced.body.headers as IncomingHttpHeaders)["x-request-id"], "bad id <script>");
    assert.match(String(replaced.headers["x-request-id"]), /^[0-9a-f]{10}-/);
  });

  it("streams a POST body both ways unchanged", async () => {
    const payload = randomBytes(4 * 1024 * 1024 + 7);
    const chunks = Array.from({ length: 64 }, (_, i) =>
      payload.subarray(i * 65_536, (i + 1) * 65_536 + (i === 63 ? 7 : 0)),
    );
    const res = await request(`${url}/upload`, { method: "POST", body: Readable.from(chunks) });
    assert.equal(res.statusCode, 200);
    const back = Buffer.from(await res.body.arrayBuffer());
    assert.equal(back.length, payload.length);
    assert.equal(createHash("sha256").update(back).digest("hex"), createHash("sha256").update(payload).digest("hex"));
  });

  it("proxies to a real workload process and counts what it did", async () => {
    lb.addUpstream({ id: workloads[0]!.id, host: "127.0.0.1", port: workloads[0]!.port, healthPath: "/healthz" });
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await get(`${url}/work/${i}`);
      assert.equal(res.status, 200);
      seen.add(String(res.body.instanceId));
    }
    assert.deepEqual([...seen].sort(), ["echo", "w0"]);
    const puts = [];
    for (let i = 0; i < 2; i++) {
      const put = await request(`${url}/put`, { method: "PUT", body: "x".repeat(1000) });
      puts.push((await put.body.json()) as { instanceId: string; bytes?: number });
    }
    assert.equal(puts.find((p) => p.instanceId === "w0")?.bytes, 1000, "the PUT body reached the workload");

    const snap = lb.snapshot();
    assert.equal(snap.bookingId, 11n);
    assert.equal(snap.algorithm, "round-robin");
    assert.ok(snap.requestsTotal >= 12, `requests ${snap.requestsTotal}`);
    assert.equal(snap.byCodeClass["2xx"], snap.requestsTotal);
    assert.equal(snap.duration.count, snap.requestsTotal);
    assert.equal(snap.duration.counts.at(-1)! <= snap.requestsTotal, true);
    assert.ok(
      snap.duration.counts.every((c, i, all) => i === 0 || c >= all[i - 1]!),
      "cumulative buckets",
    );
    assert.ok(snap.rps > 0);
    assert.ok(snap.latencyMs.p50 > 0 && snap.latencyMs.p50 <= snap.latencyMs.p99);
    const w0 = snap.upstreams.find((u) => u.id === "w0")!;
    assert.equal(w0.state, "healthy");
    assert.ok(w0.requests >= 3 && w0.latencyEwmaMs > 0);
    // every attempt is a routing decision
    assert.equal(sink.decisions.length, snap.requestsTotal);
    const last = sink.decisions.at(-1)!;
    assert.equal(last.kind, "route");
    assert.equal(last.algorithm, "round-robin");
    assert.equal(last.bookingId, 11n);
    assert.deepEqual(Object.keys(last.inputs as object).sort(), ["attempt", "candidates", "inFlight", "latencyMs"]);
  });

  it("errors: a bad deadline header is a 400 with a message; bad options fail at creation", async () => {
    const res = await get(`${url}/x`, { "x-dcx-deadline-ms": "soon" });
    assert.equal(res.status, 400);
    assert.match(String(res.body.message), /x-dcx-deadline-ms must be milliseconds/);
    assert.throws(
      () => new LoadBalancer({ bookingId: 1n, circuit: { maxPerUpstream: 0 } }),
      (e: Error) => e instanceof LoadBalancerOptionsError && /circuit\.maxPerUpstream/.test(e.message),
    );
    assert.throws(() => new LoadBalancer({ bookingId: 1n, algorithm: "random" as never }), /unknown load balancing/);
    assert.throws(() => lb.addUpstream({ id: "echo", host: "127.0.0.1", port: 1 }), /already added/);
  });
});
