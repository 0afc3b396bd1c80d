import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ComputeService } from "../src/compute/compute.service.js";
import { startBackend, type TestBackend } from "./support/backend.js";
import { databaseKinds } from "./support/databases.js";
import { dcx } from "./support/dcx.js";
import { startLoad } from "./support/load.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";
import { connectRealtime, type RealtimeClient } from "./support/realtime.js";
import { hardhatAccount, type Json, request, SIWE_DOMAIN, signIn } from "./support/siwe.js";

const JWT_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
const provider = hardhatAccount(1);
const consumer = hardhatAccount(4);
const stranger = hardhatAccount(7);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` every 100 ms until it returns a value (bounded). */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// The compute plane keeps its state in memory; the database serves the booking lookups and the
// receipts its decisions become: the suite runs on each database like the others.
for (const kind of databaseKinds()) {
  describe(`compute (${kind})`, () => {
    let chain: LocalChain;
    let d: ReturnType<typeof dcx>;
    let backend: TestBackend & { dropDatabase(): Promise<void> };
    let url: string;
    let bookingId: bigint;
    let token: string;
    let strangerToken: string;
    let realtime: RealtimeClient;
    const pids = new Set<number>();
    const compute = async (): Promise<Json> => {
      const res = await request(url, `/bookings/${bookingId}/compute`, { token });
      if (res.status === 200) for (const i of res.body.instances) pids.add(i.pid);
      return res;
    };

    before(async () => {
      chain = await startLocalChain();
      d = dcx(chain);
      ({ bookingId } = await d.marketWithBooking());
      backend = await startBackend(chain, kind, {
        JWT_SECRET,
        SIWE_DOMAIN,
        COMPUTE_SCALER_INTERVAL_MS: "300",
        COMPUTE_STATS_INTERVAL_MS: "300",
        COMPUTE_WARMUP_MS: "300",
        COMPUTE_SCALE_DOWN_WINDOW_MS: "1500",
        COMPUTE_DEFAULT_SERVICE_TIME_MS: "20",
        COMPUTE_SCALER_TARGET_INFLIGHT: "4",
        COMPUTE_SCALER_TARGET_CPU_PERCENT: "100",
      });
      url = backend.url;
      await backend.synced();
      token = (await signIn(url, consumer)).body.token;
      strangerToken = (await signIn(url, stranger)).body.token;
      realtime = await connectRealtime(url);
      await realtime.subscribe(`booking:${bookingId}`);
    });

    after(async () => {
      realtime?.close();
      const service = backend?.app.get(ComputeService);
      await backend?.close();
      assert.equal(service?.provisioner.list().length ?? 0, 0, "no instance left after shutdown");
      for (const pid of pids) assert.equal(alive(pid), false, `instance process ${pid} survived the backend`);
      await backend?.dropDatabase();
      await chain?.stop();
    });

    it("activation provisions real processes behind the booking's endpoint", async () => {
      assert.equal((await compute()).status, 404, "not running before activation");
      await d.activate(provider.address, bookingId);
      const view = await until("the booking to run", async () => {
        const res = await compute();
        return res.status === 200 && res.body.instances.length === 1 ? res.body : undefined;
      });
      assert.match(view.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(view.bookingId, String(bookingId));
      assert.deepEqual(view.limits, { cpuMillicores: 2_000, memoryMb: 4_096, capacity: 4 });
      assert.equal(view.scaler.min, 1);
      assert.equal(view.scaler.max, 4);
      assert.ok(alive(view.instances[0].pid));
      const res = await request(view.endpoint, "/hello");
      assert.equal(res.status, 200);
      assert.equal(res.body.instanceId, view.instances[0].id);
      assert.equal(res.body.path, "/hello");

      const access = await request(url, `/bookings/${bookingId}/access`, { token });
      assert.equal(access.body.endpoint, view.endpoint);
      assert.deepEqual(
        access.body.instances.map((i: Json) => i.id),
        [view.instances[0].id],
      );
      const started = await realtime.waitFor("compute.instance", (m) => m.event === "started");
      assert.equal(started.bookingId, String(bookingId));
      const stats = await realtime.waitFor("compute.stats");
      assert.equal(stats.instances.length, 1);
      assert.ok(stats.instances[0].stats.memoryBytes > 0, "measured RSS");
    });

    it("auth: consumer and provider only", async () => {
      assert.equal((await request(url, `/bookings/${bookingId}/compute`)).status, 401);
      const denied = await request(url, `/bookings/${bookingId}/compute`, { token: strangerToken });
      assert.equal(denied.status, 403);
      assert.match(denied.body.message, /consumer or provider/);
      const asProvider = (await signIn(url, provider)).body.token;
      assert.equal((await request(url, `/bookings/${bookingId}/compute`, { token: asProvider })).status, 200);
      assert.equal(
        (
          await request(url, `/bookings/${bookingId}/tasks`, {
            token: strangerToken,
            body: { cpuMillicores: 1, memoryMb: 1, durationMs: 1 },
          })
        ).status,
        403,
      );
      assert.equal((await request(url, "/bookings/999/compute", { token })).status, 404);
      assert.equal((await request(url, "/bookings/abc/compute", { token })).status, 400);
    });

    it("errors: bad workload specs get 400 with clear messages, and nothing changes", async () => {
      const before = (await compute()).body.instances.map((i: Json) => i.id);
      const put = (body: unknown) =>
        request(url, `/bookings/${bookingId}/compute/workload`, { method: "PUT", token, body });
      const tooBig = await put({
        kind: "builtin",
        serviceTimeMs: 5,
        cpuMsPerRequest: 0,
        memoryMb: 8_192,
        failureRate: 0,
      });
      assert.equal(tooBig.status, 400);
      assert.match(String(tooBig.body.message), /memoryMb must be a number in \[0, 4096\]/);
      const rate = await put({ kind: "builtin", serviceTimeMs: 5, cpuMsPerRequest: 0, memoryMb: 8, failureRate: 1.5 });
      assert.equal(rate.status, 400);
      assert.match(String(rate.body.message), /failureRate must not be greater than 1/);
      const missing = await put({ kind: "command", command: "/no/such/server", args: [] });
      assert.equal(missing.status, 400);
      assert.match(String(missing.body.message), /"\/no\/such\/server" is not an executable file/);
      const env = await put({ kind: "command", command: "node", args: ["x"], env: { "A-B": "1" } });
      assert.match(String(env.body.message), /env name "A-B" is not a valid variable name/);
      const kind = await put({ kind: "docker" });
      assert.equal(kind.status, 400);
      assert.match(String(kind.body.message), /kind must be one of/);
      assert.deepEqual(
        (await compute()).body.instances.map((i: Json) => i.id),
        before,
      );
    });

    it("workload redeploy: new instances replace the old ones", async () => {
      const before = (await compute()).body.instances.map((i: Json) => i.id);
      const res = await request(url, `/bookings/${bookingId}/compute/workload`, {
        method: "PUT",
        token,
        body: { kind: "builtin", serviceTimeMs: 40, cpuMsPerRequest: 1, memoryMb: 8, failureRate: 0 },
      });
      assert.equal(res.status, 200);
      const after = (await compute()).body;
      assert.equal(after.instances.length, 1);
      assert.notEqual(after.instances[0].id, before[0]);
      assert.equal(after.workload.serviceTimeMs, 40);
      assert.equal((await request(after.endpoint, "/x")).body.instanceId, after.instances[0].id);
    });

    it("an instance killed (SIGKILL) is detected and replaced", async () => {
      const [victim] = (await compute()).body.instances;
      process.kill(victim.pid, "SIGKILL");
      await realtime.waitFor("compute.instance", (m) => m.event === "crashed" && m.instanceId === victim.id);
      const replaced = await until("a replacement", async () => {
        const view = (await compute()).body;
        return view.instances.length === 1 && view.instances[0].id !== victim.id ? view : undefined;
      });
      assert.ok(alive(replaced.instances[0].pid));
      assert.equal((await request(replaced.endpoint, "/after-crash")).status, 200);
    });

    it("scale-up under a load ramp, scale-down with drain losing no request", async () => {
      const { endpoint } = (await compute()).body;
      const heavy = startLoad(endpoint, { concurrency: 24, maxMs: 20_000 });
      const scaled = await until("scale-up to 3+", async () => {
        const view = (await compute()).body;
        return view.instances.length >= 3 ? view : undefined;
      });
      const heavyResult = await heavy.stop();
      assert.ok(scaled.instances.length <= 4, "never above the resource's capacity");
      assert.equal(heavyResult.failed, 0, `no failed request during scale-up: ${JSON.stringify(heavyResult)}`);

      // Light load while the scaler drains and stops the extra instances.
      const light = startLoad(endpoint, { concurrency: 2, maxMs: 20_000 });
      await until(
        "scale-down to 1",
        async () => ((await compute()).body.instances.length === 1 ? true : undefined),
        15_000,
      );
      const lightResult = await light.stop();
      assert.ok(lightResult.ok > 20);
      assert.equal(lightResult.failed, 0, `no request lost while draining: ${JSON.stringify(lightResult)}`);

      const history = (await request(url, `/bookings/${bookingId}/compute/history`, { token })).body.items;
      const up = history.find((e: Json) => e.action === "up");
      const down = history.find((e: Json) => e.action === "down");
      assert.ok(up && down, "both scale events recorded");
      assert.match(up.reason, /inflight .* above target 4/);
      assert.ok(up.readings.some((r: Json) => r.name === "inflight" && r.perInstance > 4.4));
      assert.match(down.reason, /for the whole 1500 ms window/);
      assert.equal((await realtime.waitFor("compute.scaled", (m) => m.action === "up")).bookingId, String(bookingId));
    });

    it("an instance killed under load: no failed GET (retried on the other), the instance replaced", async () => {
      const setMin = (min: number) =>
        request(url, `/bookings/${bookingId}/compute/scaler`, { method: "PUT", token, body: { min } });
      assert.equal((await setMin(2)).status, 200);
      const two = await until("two instances", async () => {
        const view = (await compute()).body;
        return view.instances.length === 2 && view.instances.every((i: Json) => i.state === "ready") ? view : undefined;
      });
      const errorsBefore = two.lb.byCodeClass["5xx"] ?? 0;
      const load = startLoad(two.endpoint, { concurrency: 4, maxMs: 20_000 });
      await sleep(500);
      const victim = two.instances[0];
      process.kill(victim.pid, "SIGKILL");
      await realtime.waitFor("compute.instance", (m) => m.event === "crashed" && m.instanceId === victim.id);
      await until("a replacement", async () => {
        const view = (await compute()).body;
        return view.instances.length === 2 && !view.instances.some((i: Json) => i.id === victim.id) ? true : undefined;
      });
      await sleep(300);
      const result = await load.stop();
      assert.ok(result.ok > 20, `ok ${result.ok}`);
      assert.equal(result.failed, 0, `no GET failed: ${JSON.stringify(result)}`);
      const { lb } = (await compute()).body;
      assert.equal(lb.byCodeClass["5xx"] ?? 0, errorsBefore, "no 5xx answered meanwhile");
      assert.ok(lb.retries > 0, "the requests in flight on the killed instance were retried");
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const count = new RegExp(`dcx_lb_request_duration_seconds_count\\{booking="${bookingId}"\\} (\\d+)`).exec(
        metrics,
      );
      assert.ok(count && Number(count[1]) >= result.ok, "the request duration histogram is exported");
      assert.match(
        metrics,
        new RegExp(`dcx_lb_request_duration_seconds_bucket\\{booking="${bookingId}",le="0.005"\\} \\d+`),
      );
      assert.equal((await setMin(1)).status, 200);
      await until("back to one instance", async () =>
        (await compute()).body.instances.length === 1 ? true : undefined,
      );
    });

    it("task placement honours capacity and rejects with reasons", async () => {
      const post = (body: unknown) => request(url, `/bookings/${bookingId}/tasks`, { token, body });
      const first = await post({ cpuMillicores: 1_500, memoryMb: 1_024, durationMs: 60_000 });
      assert.equal(first.status, 201);
      assert.equal(first.body.state, "running");
      const full = await post({ cpuMillicores: 1_000, memoryMb: 128, durationMs: 1_000 });
      assert.equal(full.status, 409);
      assert.match(full.body.message, /no instance has 1000 millicores and 128 MiB free/);
      const huge = await post({ cpuMillicores: 4_000, memoryMb: 128, durationMs: 1_000 });
      assert.equal(huge.status, 422);
      assert.match(huge.body.message, /an instance has 2000 millicores and 4096 MiB/);
      const late = await post({ cpuMillicores: 100, memoryMb: 1, durationMs: 5_000, deadlineMs: 1_000 });
      assert.equal(late.status, 422);
      assert.match(late.body.message, /deadline cannot be met/);
      const bad = await post({ cpuMillicores: -1, memoryMb: 1, durationMs: 1 });
      assert.equal(bad.status, 400);
      const short = await post({ cpuMillicores: 500, memoryMb: 64, durationMs: 150 });
      assert.equal(short.status, 201);
      await sleep(300);
      const tasks = (await request(url, `/bookings/${bookingId}/tasks`, { token })).body;
      assert.equal(tasks.items.find((t: Json) => t.id === short.body.id).state, "done");
      assert.equal(tasks.slots[0].usedCpuMillicores, 1_500);
    });

    it("algorithm and scaler settings: switched at run time, bounds enforced", async () => {
      const alg = await request(url, `/bookings/${bookingId}/compute/algorithm`, {
        method: "PUT",
        token,
        body: { algorithm: "round-robin" },
      });
      assert.equal(alg.status, 200);
      assert.deepEqual(alg.body, { algorithm: "round-robin", placement: "round-robin" });
      const unknown = await request(url, `/bookings/${bookingId}/compute/algorithm`, {
        method: "PUT",
        token,
        body: { algorithm: "random" },
      });
      assert.equal(unknown.status, 400);
      const over = await request(url, `/bookings/${bookingId}/compute/scaler`, {
        method: "PUT",
        token,
        body: { max: 10 },
      });
      assert.equal(over.status, 400);
      assert.match(String(over.body.message), /at most the resource's capacity of 4/);
      const ok = await request(url, `/bookings/${bookingId}/compute/scaler`, {
        method: "PUT",
        token,
        body: { max: 2, targetInFlight: 8 },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.max, 2);
      assert.equal(ok.body.targetInFlight, 8);
    });

    it("cancelling the booking stops its processes", async () => {
      const view = (await compute()).body;
      await d.cancel(consumer.address, bookingId);
      await backend.synced();
      await backend.app.get(ComputeService).idle();
      await until("the booking to stop", async () => ((await compute()).status === 404 ? true : undefined));
      for (const instance of view.instances) assert.equal(alive(instance.pid), false);
      await realtime.waitFor("compute.instance", (m) => m.event === "stopped" && /cancelled/.test(m.reason));
      const access = await request(url, `/bookings/${bookingId}/access`, { token });
      assert.equal(access.body.endpoint, null);
    });
  });
}

// A second backend with a per-client rate limit on the bookings' endpoints (the first suite's load
// tests must not be limited).
describe("compute rate limit (pglite)", () => {
  let chain: LocalChain;
  let backend: TestBackend & { dropDatabase(): Promise<void> };

  before(async () => {
    chain = await startLocalChain();
    const d = dcx(chain);
    const { bookingId } = await d.marketWithBooking();
    backend = await startBackend(chain, "pglite", {
      JWT_SECRET,
      SIWE_DOMAIN,
      COMPUTE_WARMUP_MS: "0",
      COMPUTE_LB_RATE_LIMIT_RPS: "5",
    });
    await backend.synced();
    await d.activate(provider.address, bookingId);
    const token = (await signIn(backend.url, consumer)).body.token;
    endpoint = await until("the booking to run", async () => {
      const res = await request(backend.url, `/bookings/${bookingId}/compute`, { token });
      return res.status === 200 && res.body.instances.length === 1 ? (res.body.endpoint as string) : undefined;
    });
  });
  let endpoint: string;

  after(async () => {
    await backend?.close();
    await backend?.dropDatabase();
    await chain?.stop();
  });

  it("over the client's rate the booking's endpoint answers 429 with Retry-After and a message", async () => {
    const statuses: number[] = [];
    let limited: { status: number; headers: Headers; body: Json } | undefined;
    for (let i = 0; i < 14; i++) {
      const res = await fetch(`${endpoint}/burst`);
      statuses.push(res.status);
      const body = await res.json();
      if (res.status === 429) limited ??= { status: res.status, headers: res.headers, body };
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200), "a burst of twice the rate passes");
    assert.ok(limited, `then 429: ${statuses}`);
    assert.match(limited.headers.get("retry-after") ?? "", /^\d+$/);
    assert.match(String(limited.body.message), /rate limit of 5 requests\/s per client exceeded/);
  });
});
