import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process of the stack, in its own process group, with its last output kept for error messages. */
export type StackProcess = {
  name: string;
  child: ChildProcess;
  /** The last ~200 lines the process wrote (stdout and stderr). */
  output(): string;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
};

const running = new Set<StackProcess>();

// Last resort: a test run that dies (uncaught error, Ctrl-C) takes its processes with it.
process.once("exit", () => {
  for (const p of running) killGroup(p.child, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const p of running) killGroup(p.child, "SIGKILL");
    process.exit(130);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts a long-running process (detached into its own process group, so stopping it also stops
 * whatever it spawned). Output is kept in memory, not printed, unless `DCX_E2E_VERBOSE` is set.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): StackProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      if (process.env.DCX_E2E_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const proc: StackProcess = {
    name,
    child,
    output: () => lines.join("\n"),
    async stop(graceMs = 5_000) {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
}

/** Runs a command to completion; rejects with its output when it exits non-zero or outlives `timeoutMs`. */
export async function runProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<string> {
  const proc = startProcess(name, command, args, options);
  const code = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      void proc.stop(1_000);
      resolve(`timeout after ${options.timeoutMs / 1000} s`);
    }, options.timeoutMs);
    proc.child.once("exit", (c, signal) => {
      clearTimeout(timer);
      resolve(c ?? signal ?? "unknown");
    });
  });
  running.delete(proc);
  if (code !== 0) throw new Error(`${name} failed (${code}):\n${proc.output()}`);
  return proc.output();
}

/**
 * Polls `probe` every `intervalMs` until it returns true; fails with `what` and the process's last
 * output when `timeoutMs` passes or the process exits first.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; process?: StackProcess },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    const exited = options.process && options.process.child.exitCode !== null;
    if (exited || Date.now() > deadline) {
      const reason = exited ? `${options.process!.name} exited (code ${options.process!.child.exitCode})` : "timeout";
      const output = options.process ? `\n--- ${options.process.name} output ---\n${options.process.output()}` : "";
      throw new Error(`${what}: not ready after ${options.timeoutMs / 1000} s (${reason})${output}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}
