import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decide, type ScaleInputs } from "./decide.js";

const base = (patch: Partial<ScaleInputs> = {}): ScaleInputs => ({
  now: 100_000,
  current: 2,
  ready: 2,
  metrics: [
    { name: "cpu", total: 1.0, target: 0.5 },
    { name: "inflight", total: 8, target: 4 },
  ],
  min: 1,
  max: 8,
  tolerance: 0.1,
  scaleDownWindowMs: 30_000,
  recommendations: [],
  ...patch,
});

describe("decide", () => {
  it("default: on target, no change", () => {
    const d = decide(base());
    assert.equal(d.action, "none");
    assert.equal(d.desired, 2);
    assert.equal(d.reason, "within tolerance of the targets");
    assert.deepEqual(
      d.readings.map((r) => [r.name, r.perInstance, r.ratio]),
      [
        ["cpu", 0.5, 1],
        ["inflight", 4, 1],
      ],
    );
  });

  it("tolerance: within 10% of the target changes nothing, 11% off does", () => {
    assert.equal(decide(base({ metrics: [{ name: "inflight", total: 8.7, target: 4 }] })).action, "none");
    const d = decide(base({ metrics: [{ name: "inflight", total: 8.9, target: 4 }] }));
    assert.equal(d.action, "up");
    assert.equal(d.desired, 3);
  });

  it("scale-up: ceil(current × metric / target), the larger metric wins, at once", () => {
    const d = decide(
      base({
        metrics: [
          { name: "cpu", total: 1.5, target: 0.5 }, // 0.75/instance → ceil(2 × 1.5) = 3
          { name: "inflight", total: 20, target: 4 }, // 10/instance → ceil(2 × 2.5) = 5
        ],
        recommendations: [{ at: 99_000, replicas: 1 }],
      }),
    );
    assert.equal(d.action, "up");
    assert.equal(d.desired, 5);
    assert.deepEqual(
      d.readings.map((r) => r.replicas),
      [3, 5],
    );
    assert.match(d.reason, /inflight 10\/instance above target 4/);
  });

  it("scale-up: clamped to max", () => {
    const d = decide(base({ metrics: [{ name: "inflight", total: 200, target: 4 }], max: 4 }));
    assert.equal(d.desired, 4);
    assert.equal(d.recommendation, 4);
  });

  it("warming instances count as idle on scale-up", () => {
    // 3 instances, 1 warming; the 2 ready carry 10 in flight: over 3 instances that is 3.33 ≤ 4 × 1.1.
    const held = decide(base({ current: 3, ready: 2, metrics: [{ name: "inflight", total: 10, target: 4 }] }));
    assert.equal(held.action, "none");
    // 20 in flight: 20 / (3 × 4) = 1.67 → ceil(3 × 1.67) = 5.
    const more = decide(base({ current: 3, ready: 2, metrics: [{ name: "inflight", total: 20, target: 4 }] }));
    assert.equal(more.desired, 5);
  });

  it("no scale-down while instances warm up, nor without ready instances", () => {
    assert.equal(
      decide(base({ current: 3, ready: 2, metrics: [{ name: "cpu", total: 0, target: 0.5 }] })).action,
      "none",
    );
    const none = decide(base({ ready: 0, metrics: [] }));
    assert.equal(none.action, "none");
    assert.equal(none.reason, "no ready instance to measure");
  });

  it("scale-down: held by larger recommendations inside the window, applied after it", () => {
    const idle = [{ name: "inflight" as const, total: 0, target: 4 }];
    const recommendations = [
      { at: 60_000, replicas: 4 }, // outside the window (100 000 − 30 000)
      { at: 80_000, replicas: 2 },
    ];
    const held = decide(base({ current: 2, metrics: idle, recommendations }));
    assert.equal(held.recommendation, 1);
    assert.equal(held.action, "none");
    assert.match(held.reason, /held by the stabilisation window/);
    const applied = decide(base({ current: 2, metrics: idle, recommendations: [{ at: 60_000, replicas: 4 }] }));
    assert.equal(applied.action, "down");
    assert.equal(applied.desired, 1);
    assert.match(applied.reason, /below target 4 for the whole 30000 ms window/);
  });

  it("scale-down: to the window's maximum, never below min", () => {
    const d = decide(
      base({
        current: 6,
        ready: 6,
        metrics: [{ name: "inflight", total: 0, target: 4 }],
        recommendations: [{ at: 90_000, replicas: 3 }],
        min: 2,
      }),
    );
    assert.equal(d.desired, 3);
    const floor = decide(base({ current: 6, ready: 6, metrics: [{ name: "inflight", total: 0, target: 4 }], min: 2 }));
    assert.equal(floor.desired, 2);
  });

  it("bounds: below min or above max is corrected whatever the metrics", () => {
    assert.equal(decide(base({ current: 0, ready: 0, metrics: [], min: 1 })).desired, 1);
    const over = decide(base({ current: 6, ready: 6, max: 3, metrics: [{ name: "inflight", total: 60, target: 4 }] }));
    assert.equal(over.desired, 3);
    assert.equal(over.action, "down");
    assert.match(over.reason, /above the maximum of 3/);
  });
});
