import { type Receipt, receiptKinds } from "@dcx/sdk";
import { type Hex, isHex } from "viem";

/** What the auditor verifies: a receipt, its proof, and (when known) where it was anchored. */
export type ReceiptToVerify = {
  receipt: Receipt;
  proof: Hex[];
  batchId: bigint | null;
  /** What the API claims; each is checked, none is trusted. */
  leaf?: Hex;
  root?: Hex;
  txHash?: Hex;
  status?: string;
};

export type ParseReceiptInputResult = { ok: true; value: ReceiptToVerify } | { ok: false; error: string };

const bytes32 = (v: unknown): v is Hex => typeof v === "string" && isHex(v, { strict: true }) && v.length === 66;

function toBigInt(v: unknown, what: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  throw new Error(`${what} must be a non-negative integer.`);
}

/**
 * Reads a receipt to verify from JSON: the receipts API's answer (`{ receipt, proof, batchId, leaf,
 * root, txHash }`) or the same with the receipt's fields at the top level. Every field is checked;
 * a clear message says which one is wrong.
 */
export function parseReceiptInput(input: unknown): ParseReceiptInputResult {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch {
      return { ok: false, error: "Not valid JSON." };
    }
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return { ok: false, error: "Expected a JSON object." };
  const o = data as Record<string, unknown>;
  const r = (o.receipt && typeof o.receipt === "object" ? o.receipt : o) as Record<string, unknown>;
  try {
    if (!bytes32(r.decisionId)) throw new Error("receipt.decisionId must be 32 bytes of hex.");
    if (!bytes32(r.inputsHash)) throw new Error("receipt.inputsHash must be 32 bytes of hex.");
    if (typeof r.kind !== "string" || !(receiptKinds as readonly string[]).includes(r.kind))
      throw new Error(`receipt.kind must be one of ${receiptKinds.join(", ")}.`);
    if (typeof r.instanceId !== "string" || !r.instanceId) throw new Error("receipt.instanceId must be a string.");
    if (typeof r.algorithm !== "string" || !r.algorithm) throw new Error("receipt.algorithm must be a string.");
    const receipt: Receipt = {
      bookingId: toBigInt(r.bookingId, "receipt.bookingId"),
      decisionId: r.decisionId,
      kind: r.kind as Receipt["kind"],
      instanceId: r.instanceId,
      algorithm: r.algorithm,
      inputsHash: r.inputsHash,
      timestamp: toBigInt(r.timestamp, "receipt.timestamp"),
    };
    if (!Array.isArray(o.proof) || !o.proof.every(bytes32))
      throw new Error("proof must be a list of 32-byte hex strings.");
    const batchId = o.batchId === null || o.batchId === undefined ? null : toBigInt(o.batchId, "batchId");
    return {
      ok: true,
      value: {
        receipt,
        proof: o.proof,
        batchId,
        leaf: bytes32(o.leaf) ? o.leaf : undefined,
        root: bytes32(o.root) ? o.root : undefined,
        txHash: bytes32(o.txHash) ? o.txHash : undefined,
        status: typeof o.status === "string" ? o.status : undefined,
      },
    };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
