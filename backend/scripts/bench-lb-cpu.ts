/**
 * CPU cost per proxied request of the load balancer (`npm run bench:lb-cpu`): on a shared machine
 * requests/s move with the neighbours' load, CPU time per request much less. One load balancer in
 * this process (nothing else runs here during the measurement), two trivial upstream processes,
 * `wrk -t1 -c50` in its own process; the figure is this process's user + system CPU time over the
 * run divided by the requests it answered. Run with `node --cpu-prof` to see where the time goes.
 *
 * Environment: BENCH_LB_CPU_S (seconds of load per algorithm, default 5), BENCH_LB_CPU_ALGORITHMS
 * (comma-separated, default `round-robin,least-conn`).
 */
import { LoadBalancer } from "../src/compute/lb/load-balancer.js";
import { startWorkloads, stopWorkloads } from "../src/compute/lb/test-workloads.js";
import type { LbAlgorithm } from "../src/compute/types.js";
import { requireTool } from "./bench-lb/tools.js";
import { runWrk } from "./bench-lb/wrk.js";

const seconds = Number(process.env.BENCH_LB_CPU_S ?? 5);
if (!Number.isFinite(seconds) || seconds < 1) throw new Error("BENCH_LB_CPU_S must be a number of seconds ≥ 1");
const algorithms = (process.env.BENCH_LB_CPU_ALGORITHMS ?? "round-robin,least-conn").split(",") as LbAlgorithm[];

const wrk = await requireTool("wrk");
const workloads = await startWorkloads(2, {}, "cpu");
try {
  for (const algorithm of algorithms) {
    let decisions = 0;
    const lb = new LoadBalancer({
      bookingId: 1n,
      algorithm,
      healthCheck: { intervalMs: 0 },
      decisionSink: { record: () => void decisions++ },
    });
    for (const w of workloads) lb.addUpstream({ id: w.id, host: w.host, port: w.port }, { slowStartMs: 0 });
    const url = await lb.listen();
    await runWrk(wrk, url, { threads: 1, connections: 50, durationS: 1 }); // warm-up (JIT, connections)
    const served0 = lb.snapshot().requestsTotal;
    const cpu0 = process.cpuUsage();
    const result = await runWrk(wrk, url, { threads: 1, connections: 50, durationS: seconds });
    const cpu = process.cpuUsage(cpu0);
    const served = lb.snapshot().requestsTotal - served0;
    await lb.close();
    const usPerRequest = (cpu.user + cpu.system) / served;
    process.stdout.write(
      `${algorithm}: ${served} requests, ${result.rps.toFixed(0)} req/s, p99 ${result.p99Ms.toFixed(2)} ms, ` +
        `CPU ${usPerRequest.toFixed(1)} µs/request (user ${(cpu.user / served).toFixed(1)}, system ${(cpu.system / served).toFixed(1)}), ` +
        `${(1e6 / usPerRequest).toFixed(0)} requests per CPU-second, ${decisions} decisions\n`,
    );
  }
} finally {
  await stopWorkloads(workloads);
}
