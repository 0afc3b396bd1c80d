import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { request } from "undici";
import { ProvisionError, WorkloadSpecError } from "../errors.js";
import type { Instance, InstanceSpec } from "../types.js";
import { LocalProcessProvisioner } from "./local-process.provisioner.js";

const limits = { cpuCores: 2, memoryMb: 512 };
const builtin = (patch: Record<string, unknown> = {}): InstanceSpec => ({
  bookingId: 7n,
  limits,
  workload: { kind: "builtin", serviceTimeMs: 0, cpuMsPerRequest: 0, memoryMb: 0, failureRate: 0, ...patch } as never,
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("LocalProcessProvisioner", () => {
  const provisioner = new LocalProcessProvisioner({ startTimeoutMs: 1_500, stopTimeoutMs: 1_000 });
  const pids: number[] = [];
  after(async () => {
    await provisioner.stopAll();
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} survived`);
  });

  it("default: starts the built-in workload, serves, measures, stops", async () => {
    const instance = await provisioner.start(builtin({ cpuMsPerRequest: 20, memoryMb: 64 }));
    pids.push(instance.pid);
    assert.equal(instance.state, "ready");
    assert.ok(Buffer.byteLength(instance.id) <= 31);
    const url = `http://${instance.host}:${instance.port}/work`;
    const res = await request(url);
    assert.equal(res.statusCode, 200);
    assert.equal(((await res.body.json()) as { instanceId: string }).instanceId, instance.id);

    await provisioner.stats(instance);
    for (let i = 0; i < 15; i++) await (await request(url)).body.dump();
    const stats = await provisioner.stats(instance);
    assert.ok(stats.cpu > 0.2, `cpu ${stats.cpu} cores while spinning 20 ms per request`);
    assert.ok(stats.memoryBytes >= 64 * 1024 * 1024, `rss ${stats.memoryBytes} holds the 64 MiB ballast`);

    await provisioner.stop(instance, { drain: false });
    assert.equal(instance.state, "stopped");
    assert.equal(alive(instance.pid), false);
    assert.deepEqual(await provisioner.stats(instance), { cpu: 0, memoryBytes: 0, uptimeMs: 0 });
  });

  it("command: runs a consumer command without a shell, with its port variable", async () => {
    const instance = await provisioner.start({
      bookingId: 7n,
      limits,
      workload: {
        kind: "command",
        command: "node",
        args: ["-e", "require('http').createServer((q, s) => s.end(process.env.GREETING)).listen(process.env.LISTEN)"],
        env: { GREETING: "hello; $(rm -rf /)" },
        portEnv: "LISTEN",
        healthPath: "/health",
      },
    });
    pids.push(instance.pid);
    const res = await request(`http://127.0.0.1:${instance.port}/`);
    assert.equal(await res.body.text(), "hello; $(rm -rf /)");
    await provisioner.stop(instance, { drain: false });
  });

  it("crash: an instance killed is reported to onCrash", async () => {
    const instance = await provisioner.start(builtin());
    pids.push(instance.pid);
    const crashed = new Promise<{ instance: Instance; signal: string | null }>((resolve) => {
      const off = provisioner.onCrash((i, exit) => {
        off();
        resolve({ instance: i, signal: exit.signal });
      });
    });
    process.kill(instance.pid, "SIGKILL");
    const report = await crashed;
    assert.equal(report.instance.id, instance.id);
    assert.equal(report.instance.state, "crashed");
    assert.equal(report.signal, "SIGKILL");
    assert.equal(
      provisioner.list().some((i) => i.id === instance.id),
      false,
    );
  });

  it("stop: SIGKILL after the grace period when SIGTERM is ignored", async () => {
    const instance = await provisioner.start({
      bookingId: 7n,
      limits,
      workload: {
        kind: "command",
        command: process.execPath,
        args: [
          "-e",
          "process.on('SIGTERM', () => {}); require('http').createServer((q, s) => s.end()).listen(process.env.PORT)",
        ],
      },
    });
    pids.push(instance.pid);
    const started = performance.now();
    await provisioner.stop(instance, { drain: false, timeoutMs: 300 });
    assert.ok(performance.now() - started >= 250);
    assert.equal(alive(instance.pid), false);
  });

  describe("errors", () => {
    it("a process that never answers its health path is killed after the start timeout", async () => {
      const started = performance.now();
      await assert.rejects(
        provisioner.start({ bookingId: 7n, limits, workload: { kind: "command", command: "sleep", args: ["30"] } }),
        (error: Error) => error instanceof ProvisionError && /did not answer \/ within 1500 ms/.test(error.message),
      );
      assert.ok(performance.now() - started < 4_000);
      assert.equal(provisioner.list().length, 0);
    });

    it("a process that exits while starting: its stderr is in the error", async () => {
      await assert.rejects(
        provisioner.start({
          bookingId: 7n,
          limits,
          workload: {
            kind: "command",
            command: process.execPath,
            args: ["-e", "console.error('boom'); process.exit(3)"],
          },
        }),
        (error: Error) => error instanceof ProvisionError && /code 3/.test(error.message) && /boom/.test(error.message),
      );
    });

    it("bad specs are refused before anything runs", async () => {
      await assert.rejects(
        provisioner.start(builtin({ memoryMb: 4_096, failureRate: 2 })),
        (error: Error) =>
          error instanceof WorkloadSpecError &&
          /failureRate must be a number in \[0, 1\]/.test(error.message) &&
          /memoryMb must be a number in \[0, 512\]/.test(error.message),
      );
      await assert.rejects(
        provisioner.start({
          bookingId: 7n,
          limits,
          workload: { kind: "command", command: "no-such-binary-dcx", args: [], env: { "1BAD": "x" } },
        }),
        (error: Error) =>
          error instanceof WorkloadSpecError &&
          /is not an executable file/.test(error.message) &&
          /env name "1BAD" is not a valid variable name/.test(error.message),
      );
      await assert.rejects(
        provisioner.start({ bookingId: 7n, limits, workload: { kind: "command", command: "./relative", args: [] } }),
        WorkloadSpecError,
      );
    });
  });
});
