import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { LoadBalancer } from "./load-balancer.js";
import type { LoadBalancerInit } from "./options.js";
import { get, sleep, startWorkloads, stopWorkloads, type TestWorkload } from "./test-workloads.js";

describe("LoadBalancer: rate limiting and circuit breaking", () => {
  const workloads: TestWorkload[] = [];
  const lbs: LoadBalancer[] = [];
  after(async () => {
    for (const lb of lbs) await lb.close();
    await stopWorkloads(workloads);
  });

  async function setup(prefix: string, init: Partial<LoadBalancerInit>, serviceTimeMs = 0) {
    const [w] = await startWorkloads(1, { SERVICE_TIME_MS: String(serviceTimeMs) }, prefix);
    workloads.push(w!);
    const lb = new LoadBalancer({ bookingId: 41n, healthCheck: { intervalMs: 0 }, ...init });
    lbs.push(lb);
    lb.addUpstream({ id: w!.id, host: w!.host, port: w!.port });
    return { lb, url: await lb.listen() };
  }

  it("rate limit: over the client's bucket → 429 with Retry-After and a JSON message", async () => {
    const { lb, url } = await setup("r", { rateLimit: { rps: 2, burst: 3 } });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await get(`${url}/r`);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    assert.deepEqual(statuses.slice(0, 3), [200, 200, 200], "the burst passes");
    assert.ok(
      statuses.slice(3).every((s) => s === 429),
      `then limited: ${statuses}`,
    );
    assert.equal(limited!.headers["retry-after"], "1");
    assert.equal(limited!.headers["content-type"], "application/json");
    assert.match(String(limited!.body.message), /rate limit of 2 requests\/s per client exceeded; retry in 1 s/);
    await sleep(600);
    assert.equal((await get(`${url}/r`)).status, 200, "a token came back after half a second");
    const snap = lb.snapshot();
    assert.equal(snap.rateLimited, 3);
    assert.equal(snap.byCodeClass["4xx"], 3);
  });

  it("circuit breaker: over max pending → 503 with a message; queued requests are served", async () => {
    const { lb, url } = await setup("c", { circuit: { maxPerUpstream: 1, maxPending: 2 } }, 200);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => get(`${url}/c${i}`)));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 503, 503], "one in flight, two queued, two refused");
    const refused = results.find((r) => r.status === 503)!;
    assert.match(String(refused.body.message), /circuit breaker open: 2 requests already waiting \(max pending 2\)/);
    assert.ok(refused.headers["x-request-id"]);
    const snap = lb.snapshot();
    assert.equal(snap.overflowed, 2);
    assert.equal(snap.pending, 0);
  });

  it("circuit breaker: a request queued longer than queueTimeoutMs → 503", async () => {
    const { url } = await setup("t", { circuit: { maxPerUpstream: 1, queueTimeoutMs: 150 } }, 600);
    const [first, second] = await Promise.all([get(`${url}/a`), (async () => (await sleep(30), get(`${url}/b`)))()]);
    assert.equal(first.status, 200);
    assert.equal(second.status, 503);
    assert.match(String(second.body.message), /no upstream could take the request within 150 ms/);
  });

  it("no upstream at all: requests wait for one to be added", async () => {
    const [w] = await startWorkloads(1, {}, "n");
    workloads.push(w!);
    const lb = new LoadBalancer({ bookingId: 42n, healthCheck: { intervalMs: 0 } });
    lbs.push(lb);
    const url = await lb.listen();
    const pending = get(`${url}/early`);
    await sleep(150);
    assert.equal(lb.snapshot().pending, 1);
    lb.addUpstream({ id: w!.id, host: w!.host, port: w!.port });
    const res = await pending;
    assert.equal(res.status, 200);
    assert.equal(res.body.instanceId, "n0");
  });
});
