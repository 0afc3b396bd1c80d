import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { LbAlgorithm } from "../types.js";
import { LoadBalancer } from "./load-balancer.js";
import { QLearningRouter } from "./algorithms/q-learning.js";
import { expectedCompletionMs } from "./algorithms/urgency.js";
import { historyScore } from "./algorithms/weighted-history.js";
import type { LoadBalancerInit } from "./options.js";
import { get, sleep, startLoad, startWorkloads, stopWorkloads, type TestWorkload } from "./test-workloads.js";
import { Upstream } from "./upstream.js";

describe("LoadBalancer: algorithms", () => {
  let workloads: TestWorkload[];
  const lbs: LoadBalancer[] = [];
  const stateDir = mkdtempSync(join(tmpdir(), "dcx-lb-"));

  before(async () => {
    workloads = await startWorkloads(3);
  });
  after(async () => {
    for (const lb of lbs) await lb.close();
    await stopWorkloads(workloads ?? []);
    rmSync(stateDir, { recursive: true, force: true });
  });
  const reset = () => Promise.all(workloads.map((w) => w.patch({ serviceTimeMs: 0, cpuMs: 0, failureRate: 0 })));

  /** A load balancer in front of the first `count` workloads. */
  async function balancer(algorithm: LbAlgorithm, count = 3, init: Partial<LoadBalancerInit> = {}) {
    const lb = new LoadBalancer({ bookingId: 21n, algorithm, healthCheck: { intervalMs: 0 }, ...init });
    lbs.push(lb);
    for (const w of workloads.slice(0, count)) lb.addUpstream({ id: w.id, host: w.host, port: w.port });
    return { lb, url: await lb.listen() };
  }
  const sequential = async (url: string, n: number, headers: Record<string, string> = {}) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await get(`${url}/seq`, headers);
      assert.equal(res.status, 200);
      ids.push(String(res.body.instanceId));
    }
    return ids;
  };
  const share = (ids: string[], id: string) => ids.filter((x) => x === id).length / ids.length;

  it("round-robin: each upstream in turn, in the order added", async () => {
    const { url } = await balancer("round-robin");
    const ids = await sequential(url, 9);
    const first = ids.slice(0, 3);
    assert.deepEqual([...first].sort(), ["w0", "w1", "w2"]);
    assert.deepEqual(ids, [...first, ...first, ...first]);
  });

  it("least-conn: a new request goes to an idle upstream, not the busy one", async () => {
    await reset();
    await Promise.all(workloads.slice(0, 2).map((w) => w.patch({ serviceTimeMs: 300 })));
    const { url } = await balancer("least-conn", 2);
    for (let round = 0; round < 2; round++) {
      const slow = get(`${url}/slow`);
      await sleep(60);
      const second = await Promise.all([get(`${url}/other`), slow]);
      assert.notEqual(second[0].body.instanceId, second[1].body.instanceId);
    }
    await reset();
  });

  it("p2c: avoids the upstream with requests piling up", async () => {
    await reset();
    await workloads[0]!.patch({ serviceTimeMs: 200 });
    const { url } = await balancer("p2c", 2);
    const load = startLoad(url, { concurrency: 4, maxMs: 5_000 });
    await sleep(1_500);
    const counts = await load.stop();
    assert.equal(counts.failed, 0);
    const total = counts.ok;
    assert.ok((counts.byInstance.w1 ?? 0) / total > 0.8, `fast share ${JSON.stringify(counts.byInstance)}`);
    await reset();
  });

  it("least-loaded: follows the CPU and memory fed by updateLoad", async () => {
    const { lb, url } = await balancer("least-loaded");
    lb.updateLoad("w0", { cpu: 1.5, memoryBytes: 64 * 2 ** 20, uptimeMs: 1 });
    lb.updateLoad("w1", { cpu: 0.1, memoryBytes: 64 * 2 ** 20, uptimeMs: 1 });
    lb.updateLoad("w2", { cpu: 0.9, memoryBytes: 64 * 2 ** 20, uptimeMs: 1 });
    assert.deepEqual(new Set(await sequential(url, 10)), new Set(["w1"]));
    lb.updateLoad("w1", { cpu: 1.9, memoryBytes: 64 * 2 ** 20, uptimeMs: 1 });
    lb.updateLoad("w2", { cpu: 0.2, memoryBytes: 64 * 2 ** 20, uptimeMs: 1 });
    assert.deepEqual(new Set(await sequential(url, 10)), new Set(["w2"]));
    assert.equal(lb.snapshot().upstreams.find((u) => u.id === "w2")!.cpu, 0.2);
  });

  it("urgency: queued requests are served earliest deadline first (round-robin serves them in arrival order)", async () => {
    await reset();
    await workloads[0]!.patch({ serviceTimeMs: 150 });
    const order = async (algorithm: LbAlgorithm) => {
      const { url } = await balancer(algorithm, 1, { circuit: { maxPerUpstream: 1 } });
      const finished: string[] = [];
      const blocker = get(`${url}/blocker`);
      await sleep(40);
      const waiting: Promise<unknown>[] = [];
      for (const deadline of ["5000", "800", "3000", "1500"]) {
        waiting.push(
          get(`${url}/d${deadline}`, { "x-dcx-deadline-ms": deadline }).then((r) => {
            assert.equal(r.status, 200);
            finished.push(deadline);
          }),
        );
        await sleep(15);
      }
      await Promise.all([blocker, ...waiting]);
      return finished;
    };
    assert.deepEqual(await order("urgency"), ["800", "1500", "3000", "5000"]);
    assert.deepEqual(await order("round-robin"), ["5000", "800", "3000", "1500"]);
    await reset();
  });

  it("weighted-history: prefers the historically fast upstream", async () => {
    await reset();
    await workloads[0]!.patch({ serviceTimeMs: 25 });
    const { url } = await balancer("weighted-history", 2);
    await sequential(url, 20);
    const ids = await sequential(url, 40);
    assert.ok(share(ids, "w1") >= 0.9, `fast share ${share(ids, "w1")}`);
    await reset();
  });

  it("q-learning: learns to avoid a slow upstream after warm-up, and its table survives a restart", async () => {
    await reset();
    await workloads[0]!.patch({ serviceTimeMs: 20 });
    const { lb, url } = await balancer("q-learning", 2, { stateDir });
    await sequential(url, 250);
    const ids = await sequential(url, 100);
    assert.ok(share(ids, "w1") >= 0.85, `fast share after warm-up ${share(ids, "w1")}`);
    const learned = lb.exportState();
    assert.ok(learned.table.w0![0]! < learned.table.w1![0]!, "the slow upstream's value is lower");
    await lb.close();
    const saved = JSON.parse(readFileSync(join(stateDir, "q-learning-21.json"), "utf8"));
    assert.deepEqual(saved.table.w0, learned.table.w0);
    const restored = new LoadBalancer({ bookingId: 21n, algorithm: "q-learning", stateDir });
    lbs.push(restored);
    assert.deepEqual(restored.exportState().table, learned.table);
    await reset();
  });
});

describe("LoadBalancer: algorithms after a degradation", () => {
  const made: Upstream[] = [];
  after(() => Promise.all(made.map((u) => u.pool.destroy())));
  /** An upstream (never connected) with the given history. */
  function upstream(id: string, fields: Partial<Upstream>): Upstream {
    const u = new Upstream(id, "127.0.0.1", 9, "/", 0, 0.1, { connections: 1, keepAliveMs: 1_000, timeoutMs: 1_000 });
    made.push(u);
    return Object.assign(u, fields);
  }
  /** Has `u` hold `ages` requests started that many ms before `now`, as the load balancer does. */
  function hold(u: Upstream, now: number, ages: number[]): void {
    for (const age of ages) {
      u.inFlight++;
      u.attemptStarted(now - age);
    }
  }

  it("a stalled upstream's expected latency grows with the age of what it holds, before any answer", () => {
    const now = performance.now();
    const u = upstream("stalled", { latencyEwmaMs: 5, latencySlowMs: 5 });
    assert.equal(u.expectedLatencyMs(now), 5);
    hold(u, now, [100, 60]);
    assert.ok(Math.abs(u.expectedLatencyMs(now) - 160) < 1e-6, `expected ${u.expectedLatencyMs(now)}`);
    u.inFlight--;
    u.attemptFinished(now - 100, now);
    assert.ok(Math.abs(u.expectedLatencyMs(now) - 120) < 1e-6);
    u.inFlight--;
    u.attemptFinished(now - 60, now);
    assert.equal(u.expectedLatencyMs(now), 5);
  });

  it("a failed answer never lowers the latency average, and recent failures show after a few", () => {
    const u = upstream("failing", {});
    u.record(50, false);
    u.record(1, true);
    u.record(1, true);
    u.record(1, true);
    assert.equal(u.latencyEwmaMs, 50);
    assert.ok(u.recentErrorRate > 0.5, `recent ${u.recentErrorRate}`);
    assert.ok(u.errorRate < 0.1, `history ${u.errorRate}`);
  });

  it("weighted-history and urgency: a once-fast upstream now slow loses to a busy medium one at once", () => {
    const now = performance.now();
    // fast for a long time (slow EWMA 5 ms), its last answers took 200 ms
    const degraded = upstream("degraded", { latencyEwmaMs: 200, latencySlowMs: 5 });
    const medium = upstream("medium", { latencyEwmaMs: 20, latencySlowMs: 20 });
    hold(medium, now, [5, 10, 15]);
    assert.ok(historyScore(degraded, false, now) > historyScore(medium, false, now));
    assert.ok(expectedCompletionMs(degraded, now) > expectedCompletionMs(medium, now));
    // and failing: worse still
    const failing = upstream("failing-fast", { latencyEwmaMs: 4, latencySlowMs: 4, recentErrorRate: 0.5 });
    assert.ok(historyScore(failing, false, now) > historyScore(medium, false, now));
    assert.ok(expectedCompletionMs(failing, now) > expectedCompletionMs(medium, now));
  });

  it("q-learning: one failure moves it off an upstream at every load level", () => {
    const router = new QLearningRouter({ epsilon: 0, minEpsilon: 0 });
    const a = upstream("a", {});
    const b = upstream("b", {});
    const now = performance.now();
    const context = { deadline: Number.POSITIVE_INFINITY, level: 0 };
    for (let i = 0; i < 20; i++) {
      for (const [u, level, latency] of [
        [a, 0, 5],
        [a, 2, 8],
        [b, 0, 20],
        [b, 2, 25],
      ] as const) {
        context.level = level;
        router.observe(u, latency, false, context);
      }
    }
    assert.equal(router.pick([a, b], 2, context, now), a);
    context.level = 0;
    router.observe(a, 5, true, context);
    assert.equal(router.pick([a, b], 2, context, now), b);
    hold(a, now, [1, 1]); // level 2 of a learnt the failure too
    hold(b, now, [1, 1]);
    assert.equal(router.pick([a, b], 2, context, now), b);
  });

  it("q-learning: an upstream holding requests far older than its value says is left before they answer", () => {
    const router = new QLearningRouter({ epsilon: 0, minEpsilon: 0 });
    const a = upstream("qa", {});
    const b = upstream("qb", {});
    const context = { deadline: Number.POSITIVE_INFINITY, level: 0 };
    for (let i = 0; i < 20; i++) {
      router.observe(a, 5, false, context);
      router.observe(b, 20, false, context);
    }
    const now = performance.now();
    hold(a, now, [150]);
    assert.equal(router.pick([a, b], 2, context, now), b);
  });
});
