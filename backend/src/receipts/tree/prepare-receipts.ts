import { toReceiptFields, type ReceiptKind } from "@dcx/sdk";
import { bytesToHex, hexToBytes, keccak256, stringToBytes, type Hex } from "viem";
import type { SchedulingDecision } from "../scheduling-decision.js";
import { canonicalJson } from "../canonical-json.js";

/** A decision as queued by the sink: its sequence number and how many decisions it stands for. */
export type QueuedDecision = {
  /** Sequence number on this node, from 0: with the node id it makes the decision id. */
  seq: number;
  decision: SchedulingDecision;
  /** 1, or the number of decisions aggregated into it under overload (then `decision.inputs` is the aggregate's). */
  decisions: number;
};

/** A receipt ready to be stored and put in a tree: the sdk `Receipt` fields (JSON-friendly) plus its leaf. */
export type PreparedReceipt = {
  decisionId: Hex;
  bookingId: string;
  kind: ReceiptKind;
  instanceId: string;
  algorithm: string;
  inputsHash: Hex;
  /** Unix seconds. */
  timestamp: number;
  decisions: number;
  /** The StandardMerkleTree leaf (`hashReceipt`). */
  leaf: Hex;
};

/** A decision that cannot become a receipt (e.g. an instance id over 31 bytes, inputs with a cycle). */
export type RejectedDecision = { seq: number; decisions: number; reason: string };

export type PrepareReceiptsReturnType = { receipts: PreparedReceipt[]; rejected: RejectedDecision[] };

/**
 * Turns queued decisions into receipts: decision id = `nodeId ‖ seq` (24 + 8 bytes, unique per node
 * start without hashing), `inputsHash` = keccak256 of the canonical JSON of the inputs, timestamp in
 * seconds, and the leaf exactly as `hashReceipt` / `ReceiptRegistry.leafOf` compute it (fields checked
 * by the sdk's `toReceiptFields`; the 7 ABI words are written directly, which is what `abi.encode`
 * of static types produces).
 *
 * @param nodeId - 24 random bytes chosen when the node starts.
 * @param items - The queued decisions.
 * @returns The receipts, and the decisions that could not be turned into one (never thrown).
 */
export function prepareReceipts(nodeId: Uint8Array, items: readonly QueuedDecision[]): PrepareReceiptsReturnType {
  const receipts: PreparedReceipt[] = [];
  const rejected: RejectedDecision[] = [];
  const words = new Uint8Array(224);
  const id = new Uint8Array(32);
  id.set(nodeId.subarray(0, 24));
  const view = new DataView(id.buffer);
  for (const { seq, decision, decisions } of items) {
    try {
      view.setBigUint64(24, BigInt(seq));
      const decisionId = bytesToHex(id);
      const inputsHash = keccak256(stringToBytes(canonicalJson(decision.inputs)));
      const timestamp = Math.floor(decision.at / 1_000);
      const receipt = {
        bookingId: decision.bookingId,
        decisionId,
        kind: decision.kind,
        instanceId: decision.instanceId,
        algorithm: decision.algorithm,
        inputsHash,
        timestamp: BigInt(timestamp),
      };
      const f = toReceiptFields(receipt);
      words.fill(0);
      writeUint(words, 0, f.bookingId);
      words.set(id, 32);
      words[95] = f.kind;
      words.set(hexToBytes(f.instanceId), 96);
      words.set(hexToBytes(f.algorithm), 128);
      words.set(hexToBytes(inputsHash), 160);
      writeUint(words, 192, f.timestamp);
      receipts.push({
        decisionId,
        bookingId: f.bookingId.toString(),
        kind: decision.kind,
        instanceId: decision.instanceId,
        algorithm: decision.algorithm,
        inputsHash,
        timestamp,
        decisions,
        leaf: keccak256(keccak256(words, "bytes")),
      });
    } catch (error) {
      rejected.push({ seq, decisions, reason: error instanceof Error ? error.message.split("\n")[0]! : String(error) });
    }
  }
  return { receipts, rejected };
}

/** Writes `value` as a big-endian 32-byte word at `offset`. */
function writeUint(buffer: Uint8Array, offset: number, value: bigint): void {
  for (let i = offset + 31; i >= offset && value > 0n; i--) {
    buffer[i] = Number(value & 0xffn);
    value >>= 8n;
  }
}
