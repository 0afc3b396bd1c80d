/**
 * Scale-up reaction benchmark (`npm run bench:scale`): seconds from a load step to the first
 * response served by a new instance, through the booking's real endpoint, with the compute plane's
 * default scaler settings (interval 1 s, in-flight target 4). Real chain, backend, processes and
 * HTTP. Prints a table and JSON. Target: ≤ 5 s.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request as undiciRequest } from "undici";
import { ComputeService } from "../src/compute/compute.service.js";
import { startBackend } from "../test/support/backend.js";
import { dcx } from "../test/support/dcx.js";
import { startLocalChain } from "../test/support/localChain.js";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 3);
const LOW = 2;
const HIGH = 24;
const SERVICE_TIME_MS = 20;

type Trial = { trial: number; decisionS: number; servingS: number; instancesAfter: number };

async function main(): Promise<void> {
  const chain = await startLocalChain();
  const d = dcx(chain);
  const { provider, bookingId } = await d.marketWithBooking();
  const backend = await startBackend(chain, "pglite", {
    COMPUTE_DEFAULT_SERVICE_TIME_MS: String(SERVICE_TIME_MS),
    COMPUTE_SCALE_DOWN_WINDOW_MS: "3000",
    LOG_LEVEL: "error",
  });
  const compute = backend.app.get(ComputeService);
  const results: Trial[] = [];
  try {
    await backend.synced();
    await d.activate(provider, bookingId);
    await backend.synced();
    await compute.idle();
    const runtime = compute.runtime(bookingId.toString());
    if (!runtime?.endpoint) throw new Error("booking not provisioned");
    const endpoint = runtime.endpoint;
    const agent = new Agent({ connections: HIGH, keepAliveTimeout: 10_000 });

    for (let trial = 1; trial <= TRIALS; trial++) {
      await waitFor(() => runtime.instances().length === 1, 60_000);
      const known = new Set(runtime.instances().map((i) => i.id));
      let concurrency = LOW;
      let running = true;
      let firstNew = 0;
      const worker = async (index: number) => {
        while (running) {
          if (index >= concurrency) {
            await sleep(5);
            continue;
          }
          const res = await undiciRequest(`${endpoint}/work`, { dispatcher: agent });
          const body = (await res.body.json()) as { instanceId?: string };
          if (!firstNew && body.instanceId && !known.has(body.instanceId)) firstNew = performance.now();
        }
      };
      const workers = Array.from({ length: HIGH }, (_, i) => worker(i));
      await sleep(2_000);
      const stepAt = performance.now();
      const stepWall = Date.now();
      concurrency = HIGH;
      await waitFor(() => firstNew > 0, 30_000);
      const servingS = (firstNew - stepAt) / 1_000;
      const up = runtime.scaleHistory().find((e) => e.action === "up" && e.at >= stepWall);
      const decisionS = up ? (up.at - stepWall) / 1_000 : NaN;
      running = false;
      await Promise.all(workers);
      results.push({ trial, decisionS, servingS, instancesAfter: runtime.instances().length });
    }
    await agent.close();
  } finally {
    await backend.close();
    await backend.dropDatabase();
    await chain.stop();
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const summary = {
    trials: results,
    medianServingS: median(results.map((r) => r.servingS)),
    maxServingS: Math.max(...results.map((r) => r.servingS)),
    targetS: 5,
    load: { from: LOW, to: HIGH, serviceTimeMs: SERVICE_TIME_MS, scalerIntervalMs: 1_000, targetInFlight: 4 },
  };
  console.log("\nScale-up reaction (load step from %d to %d concurrent clients, 20 ms service time)\n", LOW, HIGH);
  console.log("| trial | scaler decided (s) | new instance serving (s) | instances after |");
  console.log("| ----: | -----------------: | -----------------------: | --------------: |");
  for (const r of results) {
    console.log(`| ${r.trial} | ${r.decisionS.toFixed(2)} | ${r.servingS.toFixed(2)} | ${r.instancesAfter} |`);
  }
  console.log(
    `\nmedian ${summary.medianServingS.toFixed(2)} s, max ${summary.maxServingS.toFixed(2)} s (target ≤ 5 s: ${summary.maxServingS <= 5 ? "met" : "missed"})\n`,
  );
  console.log(JSON.stringify(summary, null, 2));
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error("timed out");
    await sleep(10);
  }
}

await main();
