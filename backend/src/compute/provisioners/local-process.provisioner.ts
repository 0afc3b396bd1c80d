import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Logger } from "@nestjs/common";
import { request } from "undici";
import { ProvisionError, WorkloadSpecError } from "../errors.js";
import type { Instance, InstanceSpec, InstanceStats, Provisioner, StopOptions } from "../types.js";
import { validateWorkload } from "../workload/validate-workload.js";
import { freePort } from "./free-port.js";
import { cpuCoresBetween, type ProcSample, readProcSample } from "./proc-stats.js";
import { resolveCommand } from "./resolve-command.js";

/** The compiled built-in workload, next to this file's folder once built (`dist/src/compute/workload/`). */
export const BUILTIN_WORKLOAD_SCRIPT = fileURLToPath(new URL("../workload/builtin-workload.js", import.meta.url));

export type LocalProcessProvisionerOptions = {
  /** Loopback interface the instances listen on. */
  host?: string;
  /** How long a new instance has to answer its health path. */
  startTimeoutMs?: number;
  /** Default SIGTERM → SIGKILL grace of `stop`. */
  stopTimeoutMs?: number;
  /** Interval of health probes while starting. */
  probeIntervalMs?: number;
};

type Running = {
  instance: Instance;
  child: ChildProcess;
  stopping: boolean;
  exited: Promise<void>;
  stderrTail: string;
  lastSample?: ProcSample;
};

type CrashListener = Parameters<Provisioner["onCrash"]>[0];

const STDERR_TAIL_BYTES = 2_048;

/**
 * Runs each instance as a child process of the node on a free loopback port: the built-in workload
 * (`process.execPath builtin-workload.js`) or a consumer's command, spawned without a shell. `start`
 * resolves once the health path answers; an exit that `stop` did not ask for is a crash, reported to
 * {@link onCrash} listeners (the compute module replaces the instance).
 */
export class LocalProcessProvisioner implements Provisioner {
  readonly name = "local-process";
  private readonly logger = new Logger("Provisioner");
  private readonly running = new Map<string, Running>();
  private readonly crashListeners = new Set<CrashListener>();
  private readonly host: string;
  private readonly startTimeoutMs: number;
  private readonly stopTimeoutMs: number;
  private readonly probeIntervalMs: number;
  private sequence = 0;

  constructor(options: LocalProcessProvisionerOptions = {}) {
    this.host = options.host ?? "127.0.0.1";
    this.startTimeoutMs = options.startTimeoutMs ?? 10_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
    this.probeIntervalMs = options.probeIntervalMs ?? 20;
  }

  /**
   * Starts an instance and waits for its health path.
   * @throws {WorkloadSpecError} when the spec cannot run within its limits.
   * @throws {ProvisionError} when the process exits or stays unhealthy past the start timeout (it is killed).
   */
  async start(spec: InstanceSpec): Promise<Instance> {
    const problems = validateWorkload(spec.workload, spec.limits);
    if (problems.length > 0) throw new WorkloadSpecError(problems);
    const port = await freePort(this.host);
    // ≤ 31 bytes: receipts carry instance ids as bytes32.
    const id =
      `i${spec.bookingId.toString(36)}-${(++this.sequence).toString(36)}-${randomBytes(3).toString("hex")}`.slice(
        0,
        31,
      );
    const { file, args, env, healthPath } = this.command(spec, id, port);
    const child = spawn(file, args, { env, stdio: ["ignore", "ignore", "pipe"], shell: false });
    if (child.pid === undefined) {
      // spawn failed synchronously (ENOENT...): the error event follows.
      const error = await new Promise<Error>((resolve) => child.once("error", resolve));
      throw new ProvisionError(`could not spawn ${file}: ${error.message}`);
    }
    const instance: Instance = {
      id,
      bookingId: spec.bookingId,
      host: this.host,
      port,
      pid: child.pid,
      startedAt: Date.now(),
      state: "starting",
    };
    const entry: Running = { instance, child, stopping: false, stderrTail: "", exited: Promise.resolve() };
    let exitInfo: { code: number | null; signal: string | null } | undefined;
    entry.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => {
        exitInfo = { code, signal };
        resolve();
      }),
    );
    child.on("error", (error) => this.logger.warn(`instance ${id}: ${error.message}`));
    child.stderr?.on("data", (chunk: Buffer) => {
      entry.stderrTail = (entry.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    this.running.set(id, entry);
    void entry.exited.then(() => this.exited(entry, exitInfo!));

    try {
      await this.waitHealthy(entry, healthPath, () => exitInfo);
    } catch (error) {
      entry.stopping = true;
      child.kill("SIGKILL");
      await entry.exited;
      this.running.delete(id);
      throw error;
    }
    instance.state = "ready";
    entry.lastSample = await readProcSample(instance.pid);
    this.logger.debug(
      `instance ${id} of booking ${spec.bookingId} ready on ${this.host}:${port} (pid ${instance.pid})`,
    );
    return instance;
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process has exited. Draining is the load balancer's job, before this. */
  async stop(instance: Instance, options: StopOptions): Promise<void> {
    const entry = this.running.get(instance.id);
    if (!entry) return;
    entry.stopping = true;
    instance.state = "stopped";
    if (entry.child.exitCode === null && entry.child.signalCode === null) {
      entry.child.kill("SIGTERM");
      const timeoutMs = options.timeoutMs ?? this.stopTimeoutMs;
      const timer = setTimeout(() => entry.child.kill("SIGKILL"), timeoutMs);
      await entry.exited;
      clearTimeout(timer);
    }
    this.running.delete(instance.id);
  }

  /** Measured CPU (cores since the previous sample) and RSS of the instance's process. */
  async stats(instance: Instance): Promise<InstanceStats> {
    const entry = this.running.get(instance.id);
    const sample = entry ? await readProcSample(instance.pid) : undefined;
    if (!entry || !sample) return { cpu: 0, memoryBytes: 0, uptimeMs: 0 };
    const cpu = entry.lastSample ? cpuCoresBetween(entry.lastSample, sample) : 0;
    entry.lastSample = sample;
    return { cpu, memoryBytes: sample.rssBytes, uptimeMs: Date.now() - instance.startedAt };
  }

  onCrash(listener: CrashListener): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Instances whose process is running (or starting), for shutdown checks. */
  list(): Instance[] {
    return [...this.running.values()].map((r) => r.instance);
  }

  /** Stops every instance (module shutdown): SIGTERM, SIGKILL after the grace period. */
  async stopAll(timeoutMs = this.stopTimeoutMs): Promise<void> {
    await Promise.all(this.list().map((instance) => this.stop(instance, { drain: false, timeoutMs })));
  }

  private command(spec: InstanceSpec, id: string, port: number) {
    const base = { PATH: process.env.PATH ?? "/usr/bin:/bin", INSTANCE_ID: id };
    const w = spec.workload;
    if (w.kind === "builtin") {
      return {
        file: process.execPath,
        args: [BUILTIN_WORKLOAD_SCRIPT],
        healthPath: "/healthz",
        env: {
          ...base,
          PORT: String(port),
          SERVICE_TIME_MS: String(w.serviceTimeMs),
          SERVICE_TIME_JITTER_MS: String(w.serviceTimeJitterMs ?? 0),
          CPU_MS: String(w.cpuMsPerRequest),
          MEMORY_MB: String(w.memoryMb),
          FAILURE_RATE: String(w.failureRate),
        },
      };
    }
    const file = resolveCommand(w.command);
    if (!file) throw new WorkloadSpecError([`command ${JSON.stringify(w.command)} is not an executable file`]);
    return {
      file,
      args: [...w.args],
      healthPath: w.healthPath ?? "/",
      env: { ...w.env, ...base, [w.portEnv ?? "PORT"]: String(port) },
    };
  }

  private async waitHealthy(
    entry: Running,
    healthPath: string,
    exit: () => { code: number | null; signal: string | null } | undefined,
  ): Promise<void> {
    const { instance } = entry;
    const deadline = performance.now() + this.startTimeoutMs;
    const url = `http://${instance.host}:${instance.port}${healthPath}`;
    while (performance.now() < deadline) {
      const exited = exit();
      if (exited) {
        throw new ProvisionError(
          `instance ${instance.id} exited while starting (code ${exited.code}, signal ${exited.signal})`,
          entry.stderrTail.trim(),
        );
      }
      try {
        const response = await request(url, { headersTimeout: 1_000, bodyTimeout: 1_000 });
        await response.body.dump();
        if (response.statusCode < 500) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, this.probeIntervalMs));
    }
    throw new ProvisionError(
      `instance ${instance.id} did not answer ${healthPath} within ${this.startTimeoutMs} ms`,
      entry.stderrTail.trim(),
    );
  }

  private exited(entry: Running, exit: { code: number | null; signal: string | null }): void {
    const { instance } = entry;
    if (entry.stopping || instance.state === "starting") return;
    instance.state = "crashed";
    this.running.delete(instance.id);
    this.logger.warn(
      `instance ${instance.id} of booking ${instance.bookingId} exited unexpectedly (code ${exit.code}, signal ${exit.signal})`,
    );
    for (const listener of this.crashListeners) {
      try {
        listener(instance, exit);
      } catch (error) {
        this.logger.error(`crash listener failed: ${(error as Error).message}`);
      }
    }
  }
}
