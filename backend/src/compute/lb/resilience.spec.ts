import assert from "node:assert/strict";
import { once } from "node:events";
import { after, describe, it } from "node:test";
import { LoadBalancer } from "./load-balancer.js";
import type { LoadBalancerInit } from "./options.js";
import { sleep, startLoad, startWorkloads, stopWorkloads, type TestWorkload } from "./test-workloads.js";

describe("LoadBalancer: failures", () => {
  const workloads: TestWorkload[] = [];
  const lbs: LoadBalancer[] = [];
  after(async () => {
    for (const lb of lbs) await lb.close();
    await stopWorkloads(workloads);
  });

  async function setup(count: number, prefix: string, init: Partial<LoadBalancerInit> = {}, env = {}) {
    const ws = await startWorkloads(count, env, prefix);
    workloads.push(...ws);
    const lb = new LoadBalancer({ bookingId: 31n, algorithm: "least-conn", ...init });
    lbs.push(lb);
    for (const w of ws) lb.addUpstream({ id: w.id, host: w.host, port: w.port, healthPath: w.healthPath });
    return { ws, lb, url: await lb.listen() };
  }
  const state = (lb: LoadBalancer, id: string) => lb.snapshot().upstreams.find((u) => u.id === id)!.state;

  it("an upstream killed under load is ejected and its GETs are retried: no failure the client sees", async () => {
    const { ws, lb, url } = await setup(3, "k", { healthCheck: { intervalMs: 0 } }, { SERVICE_TIME_MS: "5" });
    const load = startLoad(url, { concurrency: 6, maxMs: 10_000 });
    await sleep(700);
    const exited = once(ws[1]!.process, "exit");
    ws[1]!.process.kill("SIGKILL");
    await exited;
    await sleep(1_000);
    const counts = await load.stop();
    assert.equal(counts.failed, 0, `failures: ${counts.errors.join("; ")}`);
    assert.ok(counts.ok > 30, `ok ${counts.ok}`);
    const snap = lb.snapshot();
    const victim = snap.upstreams.find((u) => u.id === "k1")!;
    assert.equal(victim.state, "ejected");
    assert.ok(victim.errors >= 1);
    assert.ok(snap.retries >= 1, "the failed attempts were retried");
    assert.equal(snap.byCodeClass["5xx"] ?? 0, 0);
    // everything after the ejection went to the two others
    const before = counts.byInstance.k1 ?? 0;
    const more = await startLoad(url, { concurrency: 2, maxMs: 5_000, maxRequests: 40 }).finished();
    assert.equal(more.ok, 40);
    assert.equal(more.byInstance.k1 ?? 0, 0);
    assert.ok(before > 0);
  });

  it("passive ejection after consecutive 5xx, at most the allowed share, back after the ejection time", async () => {
    const { ws, lb, url } = await setup(2, "f", {
      healthCheck: { intervalMs: 0 },
      outlier: { consecutiveFailures: 3, baseEjectionMs: 2_500 },
    });
    await ws[0]!.patch({ failureRate: 1 });
    const counts = await startLoad(url, { concurrency: 1, maxMs: 5_000, maxRequests: 30 }).finished();
    assert.ok(
      (counts.statuses["500"] ?? 0) >= 3 && (counts.statuses["500"] ?? 0) <= 4,
      JSON.stringify(counts.statuses),
    );
    assert.equal(state(lb, "f0"), "ejected");
    // the other one fails too: ejecting it would exceed the maximum share, it stays
    await ws[1]!.patch({ failureRate: 1 });
    await startLoad(url, { concurrency: 1, maxMs: 5_000, maxRequests: 6 }).finished();
    assert.equal(state(lb, "f1"), "healthy");
    await ws[1]!.patch({ failureRate: 0 });
    await ws[0]!.patch({ failureRate: 0 });
    const deadline = performance.now() + 4_000;
    while (state(lb, "f0") !== "healthy" && performance.now() < deadline) await sleep(50);
    assert.equal(state(lb, "f0"), "healthy", "back once its ejection time is over");
  });

  it("active health checks take an upstream out after `fall` failures and back after `rise` successes", async () => {
    const { ws, lb, url } = await setup(2, "h", {
      healthCheck: { intervalMs: 100, timeoutMs: 500, unhealthyThreshold: 2, healthyThreshold: 3 },
    });
    await ws[0]!.patch({ healthy: false });
    const deadline = performance.now() + 3_000;
    while (state(lb, "h0") !== "unhealthy" && performance.now() < deadline) await sleep(25);
    assert.equal(state(lb, "h0"), "unhealthy");
    const counts = await startLoad(url, { concurrency: 2, maxMs: 5_000, maxRequests: 20 }).finished();
    assert.deepEqual(counts.byInstance, { h1: 20 });
    await ws[0]!.patch({ healthy: true });
    const t0 = performance.now();
    while (state(lb, "h0") !== "healthy" && performance.now() < t0 + 3_000) await sleep(10);
    assert.equal(state(lb, "h0"), "healthy");
    assert.ok(performance.now() - t0 >= 150, "needed several good probes, not one");
  });

  it("panic mode: when too few upstreams are healthy, traffic goes to all of them", async () => {
    const { ws, lb, url } = await setup(2, "p", {
      healthCheck: { intervalMs: 80, unhealthyThreshold: 1, healthyThreshold: 1 },
    });
    await Promise.all(ws.map((w) => w.patch({ healthy: false })));
    const deadline = performance.now() + 3_000;
    while (lb.snapshot().upstreams.some((u) => u.state !== "unhealthy") && performance.now() < deadline)
      await sleep(25);
    const counts = await startLoad(url, { concurrency: 2, maxMs: 5_000, maxRequests: 20 }).finished();
    assert.equal(counts.ok, 20, "served by the unhealthy upstreams rather than refused");
    assert.equal(Object.keys(counts.byInstance).length, 2);
  });
});
