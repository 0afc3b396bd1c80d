import { getReceiptBatch, hashReceipt, processProof, verifyReceiptOnChain } from "@dcx/sdk";
import { type Client, concat, type Hex, keccak256 } from "viem";
import type { ReceiptToVerify } from "./parseReceiptInput";

/** One step of an audit, for display: what was computed or read, and whether it checks out. */
export type VerifyStep = {
  id: "leaf" | "proof" | "root" | "onchain-root" | "anchoring" | "contract";
  title: string;
  ok: boolean;
  /** The value computed or read. */
  value?: string;
  /** What it was compared with, or why it could not be checked. */
  detail?: string;
  /** Intermediate hashes of the proof path (leaf → root). */
  path?: { sibling: Hex; node: Hex }[];
};

export type VerifyOutcome = { valid: boolean; steps: VerifyStep[] };

/** OpenZeppelin's commutative pair hash (`Hashes.commutativeKeccak256`), to show each level of the path. */
function hashPair(a: Hex, b: Hex): Hex {
  return BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

/**
 * Verifies a scheduling receipt in the browser, step by step, trusting only the chain: the leaf
 * (`hashReceipt`), the proof path up to a computed root (`processProof`), the batch's root as stored
 * by the ReceiptRegistry and its `BatchAnchored` transaction (`getReceiptBatch`), and the registry's own
 * `verifyReceiptFields` (`verifyReceiptOnChain`). Claims from the API (leaf, root, tx) are compared,
 * never used.
 */
export async function verifySteps(client: Client, input: ReceiptToVerify): Promise<VerifyOutcome> {
  const steps: VerifyStep[] = [];
  const leaf = hashReceipt(input.receipt);
  steps.push({
    id: "leaf",
    title: "Leaf hash",
    ok: input.leaf === undefined || input.leaf.toLowerCase() === leaf,
    value: leaf,
    detail:
      input.leaf === undefined
        ? "keccak256(keccak256(abi.encode(receipt)))"
        : input.leaf.toLowerCase() === leaf
          ? "matches the leaf the API gave"
          : `differs from the leaf the API gave (${input.leaf})`,
  });

  let node = leaf;
  const path = input.proof.map((sibling) => {
    node = hashPair(node, sibling);
    return { sibling, node };
  });
  const computed = processProof({ leaf, proof: input.proof });
  steps.push({
    id: "proof",
    title: "Proof path",
    ok: computed === node,
    value: `${input.proof.length} sibling${input.proof.length === 1 ? "" : "s"}`,
    path,
  });
  steps.push({
    id: "root",
    title: "Computed root",
    ok: input.root === undefined || input.root.toLowerCase() === computed,
    value: computed,
    detail:
      input.root === undefined
        ? undefined
        : input.root.toLowerCase() === computed
          ? "matches the root the API gave"
          : `differs from the root the API gave (${input.root})`,
  });

  if (input.batchId === null) {
    steps.push({ id: "onchain-root", title: "On-chain root", ok: false, detail: "Not anchored yet: no batch id." });
    return { valid: false, steps };
  }

  try {
    const batch = await getReceiptBatch(client, { batchId: input.batchId });
    const rootMatches = batch.root.toLowerCase() === computed;
    steps.push({
      id: "onchain-root",
      title: `On-chain root (batch ${input.batchId})`,
      ok: rootMatches,
      value: batch.root,
      detail: rootMatches ? "equals the computed root" : "differs from the computed root",
    });
    const txMatches = input.txHash === undefined || input.txHash.toLowerCase() === batch.transactionHash.toLowerCase();
    steps.push({
      id: "anchoring",
      title: "Anchoring transaction",
      ok: txMatches,
      value: batch.transactionHash,
      detail: `block ${batch.blockNumber}, by ${batch.anchorer} for provider ${batch.provider}, ${batch.count} receipts${
        txMatches ? "" : ` — the API named another tx (${input.txHash})`
      }`,
    });
    const { valid } = await verifyReceiptOnChain(client, {
      batchId: input.batchId,
      receipt: input.receipt,
      proof: input.proof,
    });
    steps.push({
      id: "contract",
      title: "ReceiptRegistry.verifyReceiptFields",
      ok: valid,
      value: valid ? "true" : "false",
      detail: "the contract recomputes the leaf and checks the proof against its stored root",
    });
  } catch (error) {
    const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message;
    steps.push({ id: "onchain-root", title: "On-chain root", ok: false, detail: message });
  }
  return { valid: steps.every((s) => s.ok), steps };
}
