import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { MemoryDecisionSink } from "../../receipts/scheduling-decision.js";
import type { PlacementAlgorithm } from "../types.js";
import { PlacementRejectedError, TaskPlacer } from "./task-placer.js";

function placer(algorithm: PlacementAlgorithm, instances = ["a", "b", "c"], now?: () => number) {
  const sink = new MemoryDecisionSink();
  const p = new TaskPlacer({
    bookingId: 5n,
    capacity: { cpuMillicores: 1_000, memoryMb: 1_024 },
    algorithm,
    sink,
    now,
  });
  for (const id of instances) p.addInstance(id);
  return { p, sink };
}

const rejects = (fn: () => unknown, status: number, pattern: RegExp) =>
  assert.throws(fn, (e: Error) => e instanceof PlacementRejectedError && e.status === status && pattern.test(e.reason));

describe("TaskPlacer", () => {
  it("round-robin: instances in turn, skipping those without room", () => {
    const { p, sink } = placer("round-robin");
    const small = { cpuMillicores: 100, memoryMb: 64, durationMs: 60_000 };
    assert.deepEqual(
      [1, 2, 3, 4].map(() => p.submit(small).instanceId),
      ["a", "b", "c", "a"],
    );
    p.submit({ cpuMillicores: 900, memoryMb: 64, durationMs: 60_000 }); // b: full CPU
    assert.equal(p.submit(small).instanceId, "c");
    assert.equal(sink.decisions.length, 6);
    assert.equal(sink.decisions[0]!.kind, "place");
    assert.equal(sink.decisions[0]!.algorithm, "round-robin");
    p.close();
  });

  it("least-loaded: the instance left least loaded, counting measured CPU", () => {
    const { p } = placer("least-loaded");
    p.updateLoad("a", 0.9);
    p.updateLoad("b", 0.1);
    p.updateLoad("c", 0.5);
    const task = { cpuMillicores: 300, memoryMb: 64, durationMs: 60_000 };
    assert.equal(p.submit(task).instanceId, "b"); // b: max(0.3, 0.1)
    assert.equal(p.submit(task).instanceId, "c"); // c: max(0.3, 0.5) vs b: max(0.6, 0.1)
    p.close();
  });

  it("weighted-history: history counts; urgent tasks weigh the current share more", () => {
    const { p } = placer("weighted-history", ["a", "b"]);
    for (let i = 0; i < 10; i++) {
      p.updateLoad("a", 0.8); // long busy
      p.updateLoad("b", 0);
    }
    p.updateLoad("a", 0.2);
    p.updateLoad("b", 0.3);
    // Current CPU alone would pick a; its history sends the task to b.
    assert.equal(p.submit({ cpuMillicores: 100, memoryMb: 64, durationMs: 60_000 }).instanceId, "b");
    p.close();
  });

  it("capacity: reservations never exceed an instance; released after the duration", async () => {
    const { p } = placer("least-loaded", ["a"]);
    p.submit({ cpuMillicores: 600, memoryMb: 512, durationMs: 80 });
    rejects(
      () => p.submit({ cpuMillicores: 500, memoryMb: 64, durationMs: 10 }),
      409,
      /no instance has 500 millicores/,
    );
    rejects(() => p.submit({ cpuMillicores: 100, memoryMb: 600, durationMs: 10 }), 409, /600 MiB free/);
    assert.equal(p.snapshot()[0]!.usedCpuMillicores, 600);
    await sleep(120);
    assert.equal(p.snapshot()[0]!.usedCpuMillicores, 0);
    assert.equal(p.list()[0]!.state, "done");
    assert.equal(p.submit({ cpuMillicores: 1_000, memoryMb: 1_024, durationMs: 10 }).state, "running");
    p.close();
  });

  it("urgency: queued in deadline order when it can still finish in time", async () => {
    const { p } = placer("urgency", ["a"]);
    const blocker = p.submit({ cpuMillicores: 1_000, memoryMb: 64, durationMs: 100 });
    const late = p.submit({ cpuMillicores: 1_000, memoryMb: 64, durationMs: 50, deadlineMs: 2_000 });
    const early = p.submit({ cpuMillicores: 1_000, memoryMb: 64, durationMs: 50, deadlineMs: 1_000 });
    assert.equal(late.state, "queued");
    assert.equal(early.state, "queued");
    await sleep(130);
    assert.equal(blocker.state, "done");
    assert.equal(early.state, "running", "earliest deadline first");
    assert.equal(late.state, "queued");
    await sleep(60);
    assert.equal(late.state, "running");
    p.close();
    assert.equal(late.state, "interrupted");
  });

  describe("errors", () => {
    it("infeasible deadlines and oversize tasks: 422 with the reason", () => {
      // A frozen clock: the expected wait is exact, not 4999 ms when a millisecond passes between submits.
      const { p } = placer("urgency", ["a"], () => 1_000_000);
      rejects(
        () => p.submit({ cpuMillicores: 100, memoryMb: 64, durationMs: 500, deadlineMs: 100 }),
        422,
        /runs 500 ms but must finish within 100 ms/,
      );
      rejects(
        () => p.submit({ cpuMillicores: 2_000, memoryMb: 64, durationMs: 10 }),
        422,
        /an instance has 1000 millicores and 1024 MiB/,
      );
      p.submit({ cpuMillicores: 1_000, memoryMb: 64, durationMs: 5_000 });
      rejects(
        () => p.submit({ cpuMillicores: 500, memoryMb: 64, durationMs: 100, deadlineMs: 1_000 }),
        422,
        /earliest an instance frees 500 millicores and 64 MiB is in 5000 ms/,
      );
      p.close();
    });

    it("no instance: 409", () => {
      const { p } = placer("round-robin", []);
      rejects(() => p.submit({ cpuMillicores: 1, memoryMb: 1, durationMs: 1 }), 409, /no instance is running/);
    });

    it("an instance removed interrupts its tasks and frees nothing twice", () => {
      const { p } = placer("round-robin", ["a", "b"]);
      const t = p.submit({ cpuMillicores: 100, memoryMb: 64, durationMs: 60_000 });
      p.removeInstance(t.instanceId!);
      assert.equal(t.state, "interrupted");
      assert.equal(p.snapshot().length, 1);
      p.close();
    });
  });
});
