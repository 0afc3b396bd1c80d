/**
 * Receipts benchmark: what the decision sink sustains end to end (record → stored in a tree →
 * anchored on-chain and indexed), the event-loop delay while recording 10,000 decisions/s, and
 * the anchoring latency (tree stored → BatchAnchored indexed). Runs with the hashing in the worker
 * thread (the default) and inline on the main thread, for comparison. PGlite in memory, a local
 * Hardhat node (automine).
 *
 *   npm run bench:receipts
 *
 * Environment: BENCH_DECISIONS (default 100000) for the throughput run, BENCH_RATE_SECONDS (default 5)
 * for the 10k/s run, BENCH_ENV_* backend overrides (e.g. BENCH_ENV_RECEIPTS_BATCH_SIZE=1000).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Address } from "viem";
import { receiptTrees } from "../src/database/schema.js";
import { ReceiptsService } from "../src/receipts/receipts.service.js";
import { DECISION_SINK, type DecisionSink, type SchedulingDecision } from "../src/receipts/scheduling-decision.js";
import { startBackend } from "../test/support/backend.js";
import { dcx } from "../test/support/dcx.js";
import { startLocalChain } from "../test/support/localChain.js";
import { hardhatAccount } from "../test/support/schedulers.js";

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 100_000);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 5);
const RATE = 10_000;
const TICK_MS = 10;

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Run = {
  mode: "worker" | "inline";
  throughput: { decisions: number; recordMs: number; storedMs: number; anchoredMs: number; perSecond: number };
  rate: {
    decisionsPerSecond: number;
    seconds: number;
    loopDelayP50Ms: number;
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
  };
  anchoring: { batches: number; p50Ms: number; p95Ms: number; maxMs: number };
  aggregated: number;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const chain = await startLocalChain();
  const d = dcx(chain);
  const [, provider, , , consumer] = chain.accounts as Address[];
  await d.fund(provider!);
  await d.fund(consumer!);
  await d.registerProvider(provider!);
  const bookingId = await d.book(consumer!, await d.listResource(provider!));
  const scheduler = hardhatAccount(10);
  await d.write(provider!, "ReceiptRegistry", "authorizeScheduler", [scheduler.address]);
  const overrides = Object.fromEntries(
    Object.entries(process.env)
      .filter(([k, v]) => k.startsWith("BENCH_ENV_") && v !== undefined)
      .map(([k, v]) => [k.slice("BENCH_ENV_".length), v!]),
  );
  let seq = 0;
  const decision = (): SchedulingDecision => {
    const i = seq++;
    return {
      bookingId,
      kind: "route",
      instanceId: `i-${i % 8}`,
      algorithm: "p2c",
      inputs: { loads: [i % 17, i % 13, i % 11], latencyMs: [12.5, 9.1], pick: i % 8 },
      at: Date.now(),
    };
  };

  const runs: Run[] = [];
  try {
    for (const mode of ["worker", "inline"] as const) {
      const backend = await startBackend(chain, "pglite", {
        LOG_LEVEL: "error",
        RECEIPTS_SCHEDULER_KEYS: scheduler.key,
        RECEIPTS_WORKER: mode === "worker" ? "true" : "false",
        RECEIPTS_BATCH_SECONDS: "2",
        ...overrides,
      });
      try {
        await backend.synced();
        const sink = backend.app.get<DecisionSink>(DECISION_SINK);
        const service = backend.app.get(ReceiptsService);
        const db = backend.database.db;
        const anchoredDecisions = async () =>
          Number(
            (
              await db
                .select({ n: sql<string>`coalesce(sum(${receiptTrees.decisions}), 0)` })
                .from(receiptTrees)
                .where(sql`${receiptTrees.status} = 'anchored'`)
            )[0]!.n,
          );
        const waitAnchored = async (target: number) => {
          const deadline = Date.now() + 600_000;
          while ((await anchoredDecisions()) < target) {
            if (Date.now() > deadline) throw new Error("anchoring did not finish in 10 minutes");
            await sleep(50);
          }
        };

        // 1. Throughput: record as fast as the caller can (yielding every 1,000), then until stored and anchored.
        const start = performance.now();
        for (let i = 0; i < DECISIONS; i++) {
          sink.record(decision());
          if (i % 1_000 === 999) await new Promise((r) => setImmediate(r));
        }
        const recordMs = performance.now() - start;
        await service.flush();
        const storedMs = performance.now() - start;
        await waitAnchored(DECISIONS);
        const anchoredMs = performance.now() - start;

        // 2. 10,000 decisions/s for RATE_SECONDS, event-loop delay measured meanwhile.
        const histogram = monitorEventLoopDelay({ resolution: 1 });
        const before = await anchoredDecisions();
        histogram.enable();
        const perTick = (RATE * TICK_MS) / 1_000;
        const ticks = (RATE_SECONDS * 1_000) / TICK_MS;
        const rateStart = performance.now();
        for (let t = 0; t < ticks; t++) {
          for (let i = 0; i < perTick; i++) sink.record(decision());
          const next = rateStart + (t + 1) * TICK_MS;
          await sleep(Math.max(0, next - performance.now()));
        }
        const rateSeconds = (performance.now() - rateStart) / 1_000;
        histogram.disable();
        await service.flush();
        await waitAnchored(before + perTick * ticks);

        // 3. Anchoring latency of every batch of the run.
        const rows = await db
          .select({
            ms: sql<string>`extract(epoch from (${receiptTrees.anchoredAt} - ${receiptTrees.createdAt})) * 1000`,
          })
          .from(receiptTrees)
          .where(sql`${receiptTrees.status} = 'anchored'`);
        const latencies = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
        const metrics = await (await fetch(`${backend.url}/metrics`)).text();
        runs.push({
          mode,
          throughput: {
            decisions: DECISIONS,
            recordMs: Math.round(recordMs),
            storedMs: Math.round(storedMs),
            anchoredMs: Math.round(anchoredMs),
            perSecond: Math.round(DECISIONS / (anchoredMs / 1_000)),
          },
          rate: {
            decisionsPerSecond: Math.round((perTick * ticks) / rateSeconds),
            seconds: Number(rateSeconds.toFixed(2)),
            loopDelayP50Ms: Number((histogram.percentile(50) / 1e6).toFixed(2)),
            loopDelayP99Ms: Number((histogram.percentile(99) / 1e6).toFixed(2)),
            loopDelayMaxMs: Number((histogram.max / 1e6).toFixed(2)),
          },
          anchoring: {
            batches: latencies.length,
            p50Ms: Math.round(percentile(latencies, 50)),
            p95Ms: Math.round(percentile(latencies, 95)),
            maxMs: Math.round(latencies.at(-1) ?? 0),
          },
          aggregated: Number(/^dcx_receipts_aggregated_total (\d+)/m.exec(metrics)?.[1] ?? 0),
        });
      } finally {
        await backend.close();
      }
    }
  } finally {
    await chain.stop();
  }

  log("");
  log(
    `Receipts: ${DECISIONS} decisions as fast as recorded, then ${RATE}/s for ${RATE_SECONDS} s (PGlite, Hardhat automine)`,
  );
  log("");
  log(
    "| hashing | record → stored | record → anchored | decisions/s end to end | loop delay at 10k/s p50 / p99 / max | anchoring p50 / p95 / max (batches) | aggregated |",
  );
  log(
    "| ------- | --------------: | ----------------: | ---------------------: | ----------------------------------: | ----------------------------------: | ---------: |",
  );
  for (const r of runs) {
    log(
      `| ${r.mode} | ${r.throughput.storedMs} ms | ${r.throughput.anchoredMs} ms | ${r.throughput.perSecond.toLocaleString("en-US")} | ${r.rate.loopDelayP50Ms} / ${r.rate.loopDelayP99Ms} / ${r.rate.loopDelayMaxMs} ms | ${r.anchoring.p50Ms} / ${r.anchoring.p95Ms} / ${r.anchoring.maxMs} ms (${r.anchoring.batches}) | ${r.aggregated} |`,
    );
  }
  log("");
  log(
    JSON.stringify(
      { benchmark: "receipts", decisions: DECISIONS, rate: RATE, rateSeconds: RATE_SECONDS, runs },
      null,
      2,
    ),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
