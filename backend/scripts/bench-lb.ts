/**
 * Load balancer benchmark (`npm run bench:lb`): our load balancer (whatever
 * `defaultLoadBalancerFactory()` returns: the full one once built, else the stand-in) against nginx,
 * on the same real upstream processes, the same machine and the same load generators.
 *
 * 1. Throughput and added latency: closed-loop saturation with `wrk -t2 -c50 --latency` (req/s,
 *    p50/p99), then an open-loop run at 50% of each proxy's saturation rate, the same rate straight
 *    to one upstream; added latency = proxy p99 − direct p99. Targets: ≥ 0.6× nginx req/s, ≤ 2 ms
 *    added p99. Then every proxy at one common rate (BENCH_LB_COMMON_RATE, default 2,000 req/s),
 *    since on 2 cores "50% of saturation" loads the machine differently for each proxy.
 * 2. Routing quality: three instances of 5, 20 and 80 ms service time, a fixed moderate open-loop
 *    rate, the fast instance degrading halfway (slower and failing); p50/p99 and error rate per
 *    algorithm and the p99 cut against round robin. Targets: adaptive algorithms cut p99 ≥ 50%,
 *    q-learning at least as good as least-conn.
 * 3. Scale-up reaction is `npm run bench:scale`.
 *
 * Environment: BENCH_LB_DURATION_S (seconds per measured run, default 6: under 4 minutes in all),
 * BENCH_LB_QUICK=1 (a ~30 s smoke run), BENCH_LB_ROUTING_RPS (rate of part 2, default 200).
 * Progress goes to stderr; the tables and a JSON line to stdout.
 */
import { availableParallelism, loadavg } from "node:os";
import { Logger } from "@nestjs/common";
import { LocalProcessProvisioner } from "../src/compute/provisioners/local-process.provisioner.js";
import { type Instance, type LbAlgorithm, lbAlgorithms } from "../src/compute/types.js";
import { type RunningLb, startLb } from "./bench-lb/lb-client.js";
import { deadlineHeader, fullLoadBalancerBuilt } from "./bench-lb/lb-build.js";
import { startNginx } from "./bench-lb/nginx.js";
import { type LatencySummary, runOpenLoop } from "./bench-lb/open-loop.js";
import { requireTool } from "./bench-lb/tools.js";
import { instanceUrl, patchWorkload, startWorkloads, type WorkloadPatch } from "./bench-lb/workloads.js";
import { runWrk, type WrkResult } from "./bench-lb/wrk.js";

const QUICK = process.env.BENCH_LB_QUICK === "1";
const DURATION_S = positive("BENCH_LB_DURATION_S", QUICK ? 1 : 6);
const ROUTING_RPS = positive("BENCH_LB_ROUTING_RPS", 200);
/** Part 2 measures twice as long as part 1's runs: the degradation splits it in halves. */
const ROUTING_S = QUICK ? 2 : 2 * DURATION_S;
const WARMUP_S = QUICK ? 0.5 : 2;
/** Q-learning explores before it exploits: it learns on a longer warm-up (not measured). */
const Q_WARMUP_S = QUICK ? 1.5 : Math.max(6, DURATION_S);
const WRK = { threads: 2, connections: 50 };
/** Keep-alive connections of the open-loop generator (requests beyond them queue, measured). */
const OPEN_LOOP_CONNECTIONS = 64;
/** How often measured instance load is fed to the load balancer, as the compute plane does by default. */
const STATS_INTERVAL_MS = 1_000;
/**
 * Heterogeneous instances for part 2. Their cost is waiting, not CPU: on a small shared machine a
 * per-request CPU spin makes the instances compete for cores, and the figures would measure that
 * contention rather than routing.
 */
const ROUTING_INSTANCES = [
  { name: "fast", serviceTimeMs: 5, serviceTimeJitterMs: 2, cpuMsPerRequest: 0, failureRate: 0 },
  { name: "medium", serviceTimeMs: 20, serviceTimeJitterMs: 8, cpuMsPerRequest: 0, failureRate: 0 },
  { name: "slow", serviceTimeMs: 80, serviceTimeJitterMs: 30, cpuMsPerRequest: 0, failureRate: 0 },
];
/** What the fast instance turns into halfway through each routing run. */
const DEGRADED: WorkloadPatch = { serviceTimeMs: 200, failureRate: 0.2 };
/** Share of requests with a tight deadline (the rest get a loose one), so urgency has something to act on. */
const URGENT_SHARE = 0.25;
const TIGHT_DEADLINE_MS = 50;
const LOOSE_DEADLINE_MS = 1_000;
/** Algorithms that route on measured load, latency or learning: the ≥ 50% p99 cut target applies to them. */
const ADAPTIVE: LbAlgorithm[] = ["least-loaded", "urgency", "weighted-history", "q-learning"];
/** Generator event-loop delay (p99) above which a run's latencies are flagged as unreliable. */
const STALL_MS = 20;
const TARGETS = { rpsRatio: 0.6, addedP99Ms: 2, p99CutPct: 50 };
/**
 * One offered load for every proxy (req/s): on a 2-core machine the generator, the proxy and the
 * upstreams share the cores, so "50% of saturation" is a different machine load for each proxy.
 */
const COMMON_RATE = positive("BENCH_LB_COMMON_RATE", 2_000);

const t0 = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[bench:lb +${((performance.now() - t0) / 1_000).toFixed(1)}s] ${line}\n`);

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`bench:lb: ${name} must be a positive number, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return value;
}

type ProxyRow = {
  target: string;
  saturation: WrkResult;
  atHalf?: {
    rate: number;
    sentPerSecond: number;
    directSentPerSecond: number;
    /** Worst p99 event-loop delay of the generator over the two runs. */
    generatorDelayP99Ms: number;
    proxy: LatencySummary;
    direct: LatencySummary;
    addedP99Ms: number;
  };
  /** The same measurement at {@link COMMON_RATE} for every proxy: the hop's cost at one offered load. */
  atCommon?: NonNullable<ProxyRow["atHalf"]>;
};

type RoutingRow = {
  algorithm: LbAlgorithm;
  rate: number;
  sentPerSecond: number;
  generatorDelayP99Ms: number;
  all: LatencySummary;
  beforeDegrade: LatencySummary;
  afterDegrade: LatencySummary;
  /** Share of the measured requests each instance served (fast, medium, slow). */
  share: Record<string, number>;
  retries: number;
  decisions: number;
  p99CutVsRoundRobinPct?: number;
};

/** Everything started, stopped in reverse order on the way out (normal end, error or signal). */
const cleanups: { pids: () => number[]; run: () => Promise<void> }[] = [];
async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    await cleanups
      .pop()!
      .run()
      .catch((error: Error) => progress(`cleanup: ${error.message}`));
  }
}
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping nginx, load balancers and instances`);
    void cleanup().finally(() => process.exit(code));
  });
}
process.once("uncaughtException", (error) => {
  progress(`failed: ${error.stack ?? error.message}`);
  void cleanup().finally(() => process.exit(1));
});
// Last resort if we exit without running the cleanups: nothing we started may outlive us.
process.on("exit", () => {
  for (const c of cleanups) {
    for (const pid of c.pids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});

function track<T extends { pid: number; stop: () => Promise<void> }>(thing: T): T {
  const entry = { pids: () => [thing.pid], run: thing.stop };
  cleanups.push(entry);
  const stop = async () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
    await thing.stop();
  };
  return { ...thing, stop };
}

/** Feeds each instance's measured CPU and RSS to the load balancer every second, as the booking runtime does. */
function feedLoad(provisioner: LocalProcessProvisioner, lb: RunningLb, instances: Instance[]): () => void {
  let running = true;
  const timer = setInterval(() => {
    void Promise.all(
      instances.map(async (instance) => {
        const stats = await provisioner.stats(instance);
        if (running) lb.updateLoad(instance.id, stats);
      }),
    ).catch(() => undefined);
  }, STATS_INTERVAL_MS);
  return () => {
    running = false;
    clearInterval(timer);
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(["error"]);
  const wrk = requireTool("wrk");
  const nginxBinary = requireTool("nginx");
  const loadAtStart = loadavg()[0]!;
  const full = await fullLoadBalancerBuilt();
  const header = await deadlineHeader();
  progress(
    `load balancer: ${full ? "full (lb/load-balancer.js)" : "stand-in (lb/load-balancer.js not built)"}; ` +
      `${DURATION_S} s per run${QUICK ? " (quick)" : ""}; deadline header ${header}`,
  );
  const provisioner = new LocalProcessProvisioner();
  cleanups.push({ pids: () => provisioner.list().map((i) => i.pid), run: () => provisioner.stopAll(2_000) });

  // Part 1: throughput and added latency against nginx.
  const trivial = await startWorkloads(provisioner, [
    { serviceTimeMs: 0, cpuMsPerRequest: 0, failureRate: 0 },
    { serviceTimeMs: 0, cpuMsPerRequest: 0, failureRate: 0 },
  ]);
  const upstreams = trivial.map((i) => ({ id: i.id, host: i.host, port: i.port }));
  const directUrl = instanceUrl(trivial[0]!);
  const saturate = async (label: string, url: string) => {
    progress(`${label}: warm-up, then saturation (wrk -t${WRK.threads} -c${WRK.connections} -d${DURATION_S}s)`);
    await runWrk(wrk, url, { ...WRK, durationS: 1 });
    const result = await runWrk(wrk, url, { ...WRK, durationS: DURATION_S });
    progress(`${label}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    return result;
  };
  // The reference at a given rate spreads requests over the same upstreams from the client (no
  // proxy hop): sending a proxy's 50% rate to one upstream could saturate it and hide the hop's cost.
  const upstreamUrls = trivial.map(instanceUrl);
  const atHalf = async (label: string, url: string, saturation: WrkResult) =>
    atRate(label, url, Math.max(1, Math.round(saturation.rps / 2)), "50% of its saturation");
  const atRate = async (label: string, url: string, rate: number, what: string) => {
    progress(`${label}: open loop at ${rate} req/s (${what}), then the same rate direct`);
    const proxy = await runOpenLoop({ url, rate, durationS: DURATION_S, connections: OPEN_LOOP_CONNECTIONS });
    const direct = await runOpenLoop({
      url: upstreamUrls,
      rate,
      durationS: DURATION_S,
      connections: OPEN_LOOP_CONNECTIONS,
    });
    const addedP99Ms = proxy.all.p99Ms - direct.all.p99Ms;
    progress(`${label}: p99 ${proxy.all.p99Ms.toFixed(2)} ms vs direct ${direct.all.p99Ms.toFixed(2)} ms`);
    return {
      rate,
      sentPerSecond: proxy.sentPerSecond,
      directSentPerSecond: direct.sentPerSecond,
      generatorDelayP99Ms: Math.max(proxy.generatorDelayP99Ms, direct.generatorDelayP99Ms),
      proxy: proxy.all,
      direct: direct.all,
      addedP99Ms,
    };
  };

  const proxies: ProxyRow[] = [{ target: "direct (one upstream)", saturation: await saturate("direct", directUrl) }];
  {
    const nginx = track(await startNginx(nginxBinary, trivial));
    const saturation = await saturate("nginx", nginx.url);
    proxies.push({
      target: "nginx",
      saturation,
      atHalf: await atHalf("nginx", nginx.url, saturation),
      atCommon: await atRate("nginx", nginx.url, COMMON_RATE, "the common rate"),
    });
    await nginx.stop();
  }
  for (const algorithm of ["least-conn", "p2c"] as const) {
    const lb = track(await startLb(algorithm, upstreams));
    const stopFeed = feedLoad(provisioner, lb, trivial);
    const saturation = await saturate(`ours ${algorithm}`, lb.url);
    proxies.push({
      target: `ours ${algorithm}`,
      saturation,
      atHalf: await atHalf(`ours ${algorithm}`, lb.url, saturation),
      atCommon: await atRate(`ours ${algorithm}`, lb.url, COMMON_RATE, "the common rate"),
    });
    stopFeed();
    await lb.stop();
  }
  await Promise.all(trivial.map((i) => provisioner.stop(i, { drain: false })));

  // Part 2: routing quality on heterogeneous instances, one degrading halfway.
  const instances = await startWorkloads(
    provisioner,
    ROUTING_INSTANCES.map(({ name: _n, ...spec }) => spec),
  );
  const names = new Map(instances.map((instance, i) => [instance.id, ROUTING_INSTANCES[i]!.name]));
  const baseline = (i: number): WorkloadPatch => {
    const { serviceTimeMs, serviceTimeJitterMs, cpuMsPerRequest, failureRate } = ROUTING_INSTANCES[i]!;
    return { serviceTimeMs, serviceTimeJitterMs, cpuMs: cpuMsPerRequest, failureRate };
  };
  const headers = () => ({
    [header]: String(Math.random() < URGENT_SHARE ? TIGHT_DEADLINE_MS : LOOSE_DEADLINE_MS),
  });
  const routing: RoutingRow[] = [];
  for (const algorithm of lbAlgorithms) {
    await Promise.all(instances.map((instance, i) => patchWorkload(instance, baseline(i))));
    const lb = track(
      await startLb(
        algorithm,
        instances.map((i) => ({ id: i.id, host: i.host, port: i.port })),
      ),
    );
    const stopFeed = feedLoad(provisioner, lb, instances);
    const warmupS = algorithm === "q-learning" ? Q_WARMUP_S : WARMUP_S;
    progress(
      `routing ${algorithm}: ${warmupS} s warm-up, then ${ROUTING_S} s at ${ROUTING_RPS} req/s (fast instance degrades halfway)`,
    );
    await runOpenLoop({ url: lb.url, rate: ROUTING_RPS, durationS: warmupS, connections: 128, headers });
    const before = await lb.snapshot();
    const run = await runOpenLoop({
      url: lb.url,
      rate: ROUTING_RPS,
      durationS: ROUTING_S,
      connections: 128,
      headers,
      split: { atS: ROUTING_S / 2, run: () => patchWorkload(instances[0]!, DEGRADED) },
    });
    const after = await lb.snapshot();
    stopFeed();
    await lb.stop();
    const served = (s: typeof after, id: string) => s.snapshot.upstreams.find((u) => u.id === id)?.requests ?? 0;
    const counts = instances.map((i) => served(after, i.id) - served(before, i.id));
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    routing.push({
      algorithm,
      rate: ROUTING_RPS,
      sentPerSecond: run.sentPerSecond,
      generatorDelayP99Ms: run.generatorDelayP99Ms,
      all: run.all,
      beforeDegrade: run.before,
      afterDegrade: run.after,
      share: Object.fromEntries(instances.map((i, k) => [names.get(i.id)!, counts[k]! / total])),
      retries: after.snapshot.retries - before.snapshot.retries,
      decisions: after.decisions - before.decisions,
    });
    progress(
      `routing ${algorithm}: p50 ${run.all.p50Ms.toFixed(1)} ms, p99 ${run.all.p99Ms.toFixed(1)} ms, errors ${(100 * run.all.errorRate).toFixed(2)}%`,
    );
  }
  await cleanup();

  const rr = routing.find((r) => r.algorithm === "round-robin")!;
  for (const r of routing) r.p99CutVsRoundRobinPct = rr.all.p99Ms > 0 ? 100 * (1 - r.all.p99Ms / rr.all.p99Ms) : 0;
  report(proxies, routing, { full, header, loadAverage: { start: loadAtStart, end: loadavg()[0]! } });
}

type ReportMeta = { full: boolean; header: string; loadAverage: { start: number; end: number } };

function report(proxies: ProxyRow[], routing: RoutingRow[], meta: ReportMeta): void {
  const out = (line = "") => process.stdout.write(`${line}\n`);
  const f = (n: number, digits = 2) => n.toFixed(digits);
  const mark = (ok: boolean) => (ok ? "met" : "missed");
  const nginx = proxies.find((p) => p.target === "nginx")!;
  const ours = proxies.filter((p) => p.target.startsWith("ours"));

  out(
    `\nLoad balancer vs nginx (${meta.full ? "full load balancer" : "stand-in load balancer"}; 2 trivial upstreams; ` +
      `nginx worker_processes auto on ${availableParallelism()} cores, ours one Node.js process; ` +
      `1-min load average ${f(meta.loadAverage.start, 1)} at start, ${f(meta.loadAverage.end, 1)} at end)\n`,
  );
  out(
    "| target | saturation req/s | sat p50 ms | sat p99 ms | sat errors | rate at 50% | p50 ms | p99 ms | errors | direct p99 ms | added p99 ms |",
  );
  out(
    "| :----- | ---------------: | ---------: | ---------: | ---------: | ----------: | -----: | -----: | -----: | ------------: | -----------: |",
  );
  for (const p of proxies) {
    const s = p.saturation;
    const h = p.atHalf;
    out(
      `| ${p.target} | ${f(s.rps, 0)} | ${f(s.p50Ms)} | ${f(s.p99Ms)} | ${s.non2xx + s.socketErrors} | ` +
        (h
          ? `${h.rate} | ${f(h.proxy.p50Ms)} | ${f(h.proxy.p99Ms)} | ${f(100 * h.proxy.errorRate)}% | ${f(h.direct.p99Ms)} | ${f(h.addedP99Ms)} |`
          : "– | – | – | – | – | – |"),
    );
  }
  out();
  const ratios = ours.map((p) => ({
    target: p.target,
    rpsRatio: p.saturation.rps / nginx.saturation.rps,
    saturationP99Ratio: p.saturation.p99Ms / nginx.saturation.p99Ms,
    halfRateP99Ratio: p.atHalf!.proxy.p99Ms / nginx.atHalf!.proxy.p99Ms,
    addedP99Ms: p.atHalf!.addedP99Ms,
  }));
  for (const r of ratios) {
    out(
      `${r.target}: ${f(r.rpsRatio)}× nginx req/s (target ≥ ${TARGETS.rpsRatio}×: ${mark(r.rpsRatio >= TARGETS.rpsRatio)}), ` +
        `p99 ${f(r.saturationP99Ratio)}× nginx at saturation, ${f(r.halfRateP99Ratio)}× at 50%; ` +
        `added p99 ${f(r.addedP99Ms)} ms (target ≤ ${TARGETS.addedP99Ms} ms: ${mark(r.addedP99Ms <= TARGETS.addedP99Ms)})`,
    );
  }
  out(`nginx: added p99 ${f(nginx.atHalf!.addedP99Ms)} ms at 50% of its saturation`);
  out(`\nAt one offered load for all (${COMMON_RATE} req/s, open loop):\n`);
  out("| target | p50 ms | p99 ms | errors | direct p99 ms | added p99 ms | p99 vs nginx |");
  out("| :----- | -----: | -----: | -----: | ------------: | -----------: | -----------: |");
  for (const p of proxies) {
    const c = p.atCommon;
    if (!c) continue;
    out(
      `| ${p.target} | ${f(c.proxy.p50Ms)} | ${f(c.proxy.p99Ms)} | ${f(100 * c.proxy.errorRate)}% | ${f(c.direct.p99Ms)} | ` +
        `${f(c.addedP99Ms)} | ${f(c.proxy.p99Ms / nginx.atCommon!.proxy.p99Ms)}× |`,
    );
  }
  out(
    '(open-loop latency counts from each request\'s scheduled send time; "direct" at a rate spreads it over both upstreams)',
  );
  for (const p of proxies) {
    const h = p.atHalf;
    if (!h) continue;
    const behind = Math.min(h.sentPerSecond, h.directSentPerSecond) < 0.97 * h.rate;
    const failing = h.proxy.errorRate > 0.01 || h.direct.errorRate > 0.01;
    const starved = h.generatorDelayP99Ms > STALL_MS;
    if (behind || failing || starved) {
      out(
        `warning: ${p.target} at ${h.rate} req/s: sent ${f(h.sentPerSecond, 0)}/s (direct ${f(h.directSentPerSecond, 0)}/s), ` +
          `errors ${f(100 * h.proxy.errorRate)}% (direct ${f(100 * h.direct.errorRate)}%), ` +
          `generator loop delay p99 ${f(h.generatorDelayP99Ms, 1)} ms: the machine or the generator was saturated, latency figures are not meaningful`,
      );
    }
  }

  out(
    `\nRouting quality (instances of 5, 20, 80 ms (+ jitter); ${ROUTING_RPS} req/s open loop for ${ROUTING_S} s; ` +
      `halfway the fast one degrades to ${DEGRADED.serviceTimeMs} ms and ${100 * DEGRADED.failureRate!}% errors; ` +
      `${100 * URGENT_SHARE}% of requests carry ${meta.header}: ${TIGHT_DEADLINE_MS})\n`,
  );
  out(
    "| algorithm | p50 ms | p99 ms | p99 before / after degrade ms | errors | p99 cut vs RR | share fast/medium/slow | generator stall p99 ms | target |",
  );
  out(
    "| :-------- | -----: | -----: | ----------------------------: | -----: | ------------: | :--------------------- | ---------------------: | :----- |",
  );
  for (const r of routing) {
    const cut = r.p99CutVsRoundRobinPct!;
    const target = ADAPTIVE.includes(r.algorithm) ? `≥ ${TARGETS.p99CutPct}%: ${mark(cut >= TARGETS.p99CutPct)}` : "–";
    const share = ["fast", "medium", "slow"].map((n) => `${f(100 * (r.share[n] ?? 0), 0)}%`).join(" / ");
    out(
      `| ${r.algorithm} | ${f(r.all.p50Ms, 1)} | ${f(r.all.p99Ms, 1)} | ${f(r.beforeDegrade.p99Ms, 1)} / ${f(r.afterDegrade.p99Ms, 1)} | ` +
        `${f(100 * r.all.errorRate)}% | ${r.algorithm === "round-robin" ? "–" : `${f(cut, 0)}%`} | ${share} | ` +
        `${f(r.generatorDelayP99Ms, 1)}${r.generatorDelayP99Ms > STALL_MS ? " (!)" : ""} | ${target} |`,
    );
  }
  if (routing.some((r) => r.generatorDelayP99Ms > STALL_MS)) {
    out(
      `(!) the generator's event loop stalled > ${STALL_MS} ms: the machine was overloaded, that row's latencies are not meaningful`,
    );
  }
  const q = routing.find((r) => r.algorithm === "q-learning")!;
  const lc = routing.find((r) => r.algorithm === "least-conn")!;
  out(
    `\nq-learning p99 ${f(q.all.p99Ms, 1)} ms vs least-conn ${f(lc.all.p99Ms, 1)} ms ` +
      `(target q-learning at least as good: ${mark(q.all.p99Ms <= lc.all.p99Ms)})`,
  );
  out(
    "Scale-up reaction: measured by `npm run bench:scale` (target ≤ 5 s from a load step to a new instance serving).\n",
  );

  out(
    JSON.stringify({
      loadBalancer: meta.full ? "full" : "stand-in",
      loadAverage: meta.loadAverage,
      durationS: DURATION_S,
      quick: QUICK,
      targets: TARGETS,
      proxies,
      ratios,
      routing,
      routingSetup: {
        rate: ROUTING_RPS,
        seconds: ROUTING_S,
        instances: ROUTING_INSTANCES,
        degraded: DEGRADED,
        deadlineHeader: meta.header,
        urgentShare: URGENT_SHARE,
      },
      qLearningAtLeastLeastConn: q.all.p99Ms <= lc.all.p99Ms,
      scaleUp: "npm run bench:scale",
    }),
  );
}

try {
  await main();
} catch (error) {
  progress(`failed: ${(error as Error).message}`);
  await cleanup();
  process.exit(1);
}
