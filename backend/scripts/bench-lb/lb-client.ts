import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { InstanceStats, LbAlgorithm, LbStatsSnapshot } from "../../src/compute/types.js";
import type { BenchUpstream, FromLb, ToLb } from "./lb-protocol.js";

const LB_PROCESS = fileURLToPath(new URL("./lb-process.js", import.meta.url));

/** Our load balancer running in a child process, driven from the benchmark. */
export type RunningLb = {
  url: string;
  pid: number;
  updateLoad: (id: string, stats: InstanceStats) => void;
  snapshot: () => Promise<{ snapshot: LbStatsSnapshot; decisions: number }>;
  stop: () => Promise<void>;
};

/**
 * Forks `lb-process.js`, makes a load balancer with `algorithm` over `upstreams` and waits until it
 * listens and sees every upstream healthy (the real one health-checks before routing).
 * @throws {Error} when the process fails to start or reports an error.
 */
export async function startLb(algorithm: LbAlgorithm, upstreams: BenchUpstream[]): Promise<RunningLb> {
  // Its logs (and the stand-in's notice) go to our stderr: stdout carries only the results.
  const child = fork(LB_PROCESS, [], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    serialization: "advanced",
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", NO_COLOR: "1" },
  });
  child.stdout?.pipe(process.stderr);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));
  const waiters = new Set<(m: FromLb) => void>();
  let failure: string | undefined;
  child.on("message", (m: FromLb) => {
    if (m.type === "error") failure = m.message;
    for (const w of [...waiters]) w(m);
  });
  const next = <T extends FromLb["type"]>(type: T, timeoutMs = 15_000) =>
    new Promise<Extract<FromLb, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`load balancer process: no ${type} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onExit = () => done(new Error(`load balancer process exited${failure ? `: ${failure}` : ""}`));
      const waiter = (m: FromLb) => {
        if (m.type === type) done(undefined, m as Extract<FromLb, { type: T }>);
        else if (m.type === "error") done(new Error(`load balancer process: ${m.message}`));
      };
      function done(error?: Error, value?: Extract<FromLb, { type: T }>) {
        clearTimeout(timer);
        waiters.delete(waiter);
        child.off("exit", onExit);
        if (error) reject(error);
        else resolve(value!);
      }
      waiters.add(waiter);
      child.once("exit", onExit);
    });
  // A message racing the process's exit (a load sample as it closes) is dropped, not fatal.
  child.on("error", () => undefined);
  const send = (m: ToLb) => {
    if (alive && child.connected) child.send(m, () => undefined);
  };
  const stop = async () => {
    if (!alive) return;
    send({ type: "close" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    const ready = next("ready");
    send({ type: "start", bookingId: 1n, algorithm, upstreams });
    const { url } = await ready;
    const snapshot = async () => {
      const reply = next("snapshot");
      send({ type: "snapshot" });
      const { snapshot, decisions } = await reply;
      return { snapshot, decisions };
    };
    const deadline = performance.now() + 15_000;
    for (;;) {
      const { snapshot: s } = await snapshot();
      if (s.upstreams.length === upstreams.length && s.upstreams.every((u) => u.state === "healthy")) break;
      if (performance.now() > deadline) {
        throw new Error(
          `load balancer: upstreams not healthy after 15 s (${s.upstreams.map((u) => `${u.id}=${u.state}`).join(", ")})`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { url, pid: child.pid!, updateLoad: (id, stats) => send({ type: "load", id, stats }), snapshot, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
