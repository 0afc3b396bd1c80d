/**
 * Test fixtures of the load balancer's specs: real built-in workload processes on free loopback
 * ports, and a bounded closed-loop load that counts answers per instance. Not used by the app.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { freePort } from "../provisioners/free-port.js";

const WORKLOAD = fileURLToPath(new URL("../workload/builtin-workload.js", import.meta.url));

export type TestWorkload = {
  id: string;
  host: string;
  port: number;
  healthPath: string;
  process: ChildProcess;
  /** Changes the workload's parameters at run time (`PUT /__workload`). */
  patch(parameters: Record<string, number | boolean>): Promise<void>;
};

/** Starts `count` built-in workloads (ids `w0`, `w1`...) and waits until each answers `/healthz`. */
export async function startWorkloads(
  count: number,
  env: Record<string, string> = {},
  prefix = "w",
): Promise<TestWorkload[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = `${prefix}${i}`;
      const port = await freePort();
      const child = spawn(process.execPath, [WORKLOAD], {
        env: { PATH: process.env.PATH, PORT: String(port), INSTANCE_ID: id, SERVICE_TIME_MS: "0", ...env },
        stdio: "ignore",
      });
      const origin = `http://127.0.0.1:${port}`;
      const deadline = performance.now() + 10_000;
      for (;;) {
        try {
          const res = await request(`${origin}/healthz`);
          await res.body.dump();
          if (res.statusCode === 200) break;
        } catch {
          // not listening yet
        }
        if (performance.now() > deadline) throw new Error(`workload ${id} did not start`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return {
        id,
        host: "127.0.0.1",
        port,
        healthPath: "/healthz",
        process: child,
        async patch(parameters: Record<string, number | boolean>) {
          const res = await request(`${origin}/__workload`, { method: "PUT", body: JSON.stringify(parameters) });
          await res.body.dump();
          if (res.statusCode !== 200) throw new Error(`workload ${id} refused ${JSON.stringify(parameters)}`);
        },
      };
    }),
  );
}

/** Kills every workload still running and waits for the exits. */
export async function stopWorkloads(workloads: readonly TestWorkload[]): Promise<void> {
  await Promise.all(
    workloads.map(async (w) => {
      if (w.process.exitCode !== null || w.process.signalCode !== null) return;
      const exited = once(w.process, "exit");
      w.process.kill("SIGKILL");
      await exited;
    }),
  );
}

export type LoadCounts = {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  byInstance: Record<string, number>;
  errors: string[];
};

/** One GET through the load balancer: status, JSON body, headers. */
export async function get(url: string, headers: Record<string, string> = {}, dispatcher?: Agent) {
  const res = await request(url, { headers, dispatcher });
  const text = await res.body.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.statusCode, headers: res.headers, body };
}

/**
 * Closed-loop load: `concurrency` workers send GETs back to back until `stop()` or `maxMs` (or
 * `maxRequests` in all). Counts statuses and which instance (`instanceId` of the body) answered.
 */
export function startLoad(
  url: string,
  options: { concurrency: number; maxMs: number; maxRequests?: number; path?: string },
) {
  const agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 10_000 });
  const counts: LoadCounts = { ok: 0, failed: 0, statuses: {}, byInstance: {}, errors: [] };
  let running = true;
  let sent = 0;
  const deadline = performance.now() + options.maxMs;
  const worker = async () => {
    while (running && performance.now() < deadline && sent < (options.maxRequests ?? Infinity)) {
      sent++;
      try {
        const res = await get(`${url}${options.path ?? "/work"}`, {}, agent);
        counts.statuses[res.status] = (counts.statuses[res.status] ?? 0) + 1;
        if (res.status === 200) {
          counts.ok++;
          const id = String(res.body.instanceId);
          counts.byInstance[id] = (counts.byInstance[id] ?? 0) + 1;
        } else {
          counts.failed++;
          if (counts.errors.length < 10) counts.errors.push(`${res.status} ${JSON.stringify(res.body)}`);
        }
      } catch (error) {
        counts.failed++;
        if (counts.errors.length < 10) counts.errors.push((error as Error).message);
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    counts,
    /** Stops the workers now and returns the counts. */
    async stop(): Promise<LoadCounts> {
      running = false;
      await done;
      await agent.close();
      return counts;
    },
    /** Waits for the workers to reach their bounds (`maxRequests` or `maxMs`) and returns the counts. */
    async finished(): Promise<LoadCounts> {
      await done;
      await agent.close();
      return counts;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
