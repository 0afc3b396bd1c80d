import { buildReceiptTree, getReceiptProof, type Receipt } from "@dcx/sdk";
import { createPublicClient, custom } from "viem";
import { describe, expect, it } from "vitest";
import { parseReceiptInput } from "./parseReceiptInput";
import { verifySteps } from "./verifySteps";

const receipt = (n: number): Receipt => ({
  bookingId: 1n,
  decisionId: `0x${n.toString(16).padStart(64, "0")}`,
  kind: "route",
  instanceId: `i-${n}`,
  algorithm: "p2c",
  inputsHash: `0x${"cd".repeat(32)}`,
  timestamp: 1_760_000_000n + BigInt(n),
});

const apiAnswer = {
  receipt: {
    bookingId: "1",
    decisionId: `0x${"ab".repeat(32)}`,
    kind: "route",
    instanceId: "i-3f2a9c",
    algorithm: "p2c",
    inputsHash: `0x${"cd".repeat(32)}`,
    timestamp: 1_760_000_000,
  },
  proof: [`0x${"12".repeat(32)}`],
  batchId: 3,
  root: `0x${"ef".repeat(32)}`,
  txHash: null,
};

describe("parseReceiptInput", () => {
  it("default: the receipts API's answer", () => {
    const r = parseReceiptInput(JSON.stringify(apiAnswer));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.receipt.bookingId).toBe(1n);
    expect(r.value.receipt.timestamp).toBe(1_760_000_000n);
    expect(r.value.batchId).toBe(3n);
    expect(r.value.txHash).toBeUndefined();
  });
  it("args: the whole API document, with the fields verification does not use", () => {
    const whole = {
      ...apiAnswer,
      leaf: `0x${"12".repeat(32)}`,
      txHash: `0x${"34".repeat(32)}`,
      status: "anchored",
      decisions: 1,
      provider: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      anchorer: "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
    };
    const r = parseReceiptInput(JSON.stringify(whole, null, 2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ batchId: 3n, leaf: whole.leaf, txHash: whole.txHash, status: "anchored" });
  });
  it("args: just { receipt, proof, batchId }", () => {
    const { receipt, proof, batchId } = apiAnswer;
    const r = parseReceiptInput(JSON.stringify({ receipt, proof, batchId: String(batchId) }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.batchId).toBe(3n);
    expect(r.value.proof).toEqual(proof);
    expect(r.value.root).toBeUndefined();
    expect(r.value.leaf).toBeUndefined();
  });
  it("args: fields at the top level, no batch", () => {
    const r = parseReceiptInput({ ...apiAnswer.receipt, proof: [], batchId: null });
    expect(r.ok && r.value.batchId).toBe(null);
  });
  describe("errors", () => {
    it.each([
      ["not json", "not json", "Not valid JSON."],
      ["an array", "[]", "Expected a JSON object."],
      [
        "a short decision id",
        JSON.stringify({ ...apiAnswer, receipt: { ...apiAnswer.receipt, decisionId: "0x12" } }),
        /decisionId/,
      ],
      [
        "an unknown kind",
        JSON.stringify({ ...apiAnswer, receipt: { ...apiAnswer.receipt, kind: "nope" } }),
        /kind must be one of/,
      ],
      [
        "a negative booking id",
        JSON.stringify({ ...apiAnswer, receipt: { ...apiAnswer.receipt, bookingId: "-1" } }),
        /bookingId/,
      ],
      ["a short proof element", JSON.stringify({ ...apiAnswer, proof: ["0x12"] }), /proof/],
    ])("%s", (_name, input, message) => {
      const r = parseReceiptInput(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    });
  });
});

describe("verifySteps (off-chain part)", () => {
  const receipts = [1, 2, 3, 4, 5].map(receipt);
  const { root } = buildReceiptTree({ receipts });
  const { tree } = buildReceiptTree({ receipts });
  const target = receipts[2]!;
  const { proof } = getReceiptProof({ tree, receipt: target });
  // No node is reachable: the on-chain steps must fail, never pass.
  const offline = createPublicClient({
    transport: custom({
      request: async () => {
        throw new Error("offline");
      },
    }),
  });

  it("computes the leaf, each level of the path, and the tree's root", async () => {
    const outcome = await verifySteps(offline, { receipt: target, proof: proof, batchId: null, root: root });
    const [leaf, path, rootStep, onchain] = outcome.steps;
    expect(leaf).toMatchObject({ id: "leaf", ok: true });
    expect(path!.path!.at(-1)!.node).toBe(root);
    expect(rootStep).toMatchObject({ id: "root", ok: true, value: root });
    expect(onchain).toMatchObject({ id: "onchain-root", ok: false });
    expect(outcome.valid).toBe(false);
  });

  it("errors: a tampered receipt does not reach the root", async () => {
    const outcome = await verifySteps(offline, {
      receipt: { ...target, algorithm: "round-robin" },
      proof: proof,
      batchId: 1n,
      root: root,
    });
    expect(outcome.steps.find((s) => s.id === "root")!.ok).toBe(false);
    expect(outcome.valid).toBe(false);
  });
});
