import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { lbAlgorithms } from "../types.js";
import { LoadBalancer } from "./load-balancer.js";
import { get, sleep, startLoad, startWorkloads, stopWorkloads, type TestWorkload } from "./test-workloads.js";

describe("LoadBalancer: draining, switching algorithms, slow start", () => {
  const workloads: TestWorkload[] = [];
  const lbs: LoadBalancer[] = [];
  after(async () => {
    for (const lb of lbs) await lb.close();
    await stopWorkloads(workloads);
  });

  async function setup(prefix: string, count: number, env: Record<string, string> = {}) {
    const ws = await startWorkloads(count, env, prefix);
    workloads.push(...ws);
    const lb = new LoadBalancer({ bookingId: 51n, algorithm: "round-robin", healthCheck: { intervalMs: 0 } });
    lbs.push(lb);
    for (const w of ws) lb.addUpstream({ id: w.id, host: w.host, port: w.port });
    return { ws, lb, url: await lb.listen() };
  }

  it("drainUpstream waits for the upstream's in-flight requests and loses none", async () => {
    const { lb, url } = await setup("d", 2, { SERVICE_TIME_MS: "250" });
    const load = startLoad(url, { concurrency: 6, maxMs: 8_000 });
    await sleep(400);
    const drained = lb.drainUpstream("d0", { timeoutMs: 5_000 });
    const draining = lb.snapshot().upstreams.find((u) => u.id === "d0")!;
    assert.equal(draining.state, "draining");
    assert.ok(draining.inFlight > 0, "d0 has requests in flight when the drain starts");
    await drained;
    assert.deepEqual(
      lb.snapshot().upstreams.map((u) => u.id),
      ["d1"],
    );
    await sleep(300); // the last responses of d0 reach the client
    const servedByD0 = load.counts.byInstance.d0 ?? 0;
    await sleep(500);
    const counts = await load.stop();
    assert.equal(counts.failed, 0, counts.errors.join("; "));
    assert.equal(counts.byInstance.d0, servedByD0, "nothing went to d0 after its drain");
  });

  it("setAlgorithm under load (through every algorithm) drops nothing, queued requests included", async () => {
    const { lb, url } = await setup("s", 2, { SERVICE_TIME_MS: "10" });
    const load = startLoad(url, { concurrency: 8, maxMs: 10_000 });
    for (const algorithm of [...lbAlgorithms, "least-conn" as const]) {
      lb.setAlgorithm(algorithm);
      assert.equal(lb.algorithm, algorithm);
      await sleep(120);
    }
    const counts = await load.stop();
    assert.equal(counts.failed, 0, counts.errors.join("; "));
    assert.ok(counts.ok > 20);
    assert.equal(lb.snapshot().algorithm, "least-conn");
  });

  it("slow start: a new upstream gets a reduced share at first, then its full share", async () => {
    const { ws, lb, url } = await setup("w", 1);
    const [fresh] = await startWorkloads(1, {}, "new");
    workloads.push(fresh!);
    const added = performance.now();
    lb.addUpstream({ id: fresh!.id, host: fresh!.host, port: fresh!.port }, { slowStartMs: 2_000 });
    assert.equal(lb.snapshot().upstreams.find((u) => u.id === "new0")!.state, "warming");
    const ids: string[] = [];
    for (let i = 0; i < 40 && performance.now() - added < 1_000; i++) {
      ids.push(String((await get(`${url}/s`)).body.instanceId));
    }
    const early = ids.filter((id) => id === "new0").length / ids.length;
    assert.ok(ids.length >= 10);
    assert.ok(early < 0.3, `share while warming ${early} (round robin would give 0.5)`);
    assert.ok(lb.snapshot().upstreams.find((u) => u.id === "new0")!.weight < 1);
    await sleep(Math.max(0, 2_100 - (performance.now() - added)));
    assert.equal(lb.snapshot().upstreams.find((u) => u.id === "new0")!.state, "healthy");
    const later: string[] = [];
    for (let i = 0; i < 20; i++) later.push(String((await get(`${url}/s`)).body.instanceId));
    assert.equal(later.filter((id) => id === "new0").length, 10, "warmed up: round robin's full half");
    assert.equal(ws.length, 1);
  });
});
