#!/usr/bin/env node
/**
 * `dcx-receipt`: checks a scheduling receipt against the chain alone (no trust in the provider's
 * node or the backend that served it).
 *
 *   dcx-receipt verify <receipt.json | -> --rpc <url> [--registry <address>] [--from-block <n>] [--json]
 *   dcx-receipt verify --id <decisionId> --api <backend url> --rpc <url> [...]
 *
 * Exit codes: 0 verified, 1 not verified, 2 bad input or usage, 3 the chain or backend could not be reached.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createPublicClient, http, isAddress, isHex, type Address } from "viem";
import { getReceiptBatch, type ReceiptBatch } from "../receipts/getReceiptBatch.js";
import { hashReceipt } from "../receipts/hashReceipt.js";
import { processProof } from "../receipts/processProof.js";
import { verifyReceiptOnChain } from "../receipts/verifyReceiptOnChain.js";
import { parseReceiptDocument, ReceiptDocumentError, type ReceiptDocument } from "./parseReceiptDocument.js";

const USAGE = `Usage:
  dcx-receipt verify <receipt.json | -> --rpc <url> [--registry <address>] [--from-block <n>] [--json]
  dcx-receipt verify --id <decisionId> --api <backend url> --rpc <url> [--registry <address>] [--json]

Checks a scheduling receipt against the ReceiptRegistry on-chain: recomputes its leaf and the root
its proof leads to, reads the anchored batch, and asks the contract to verify it.
The document is what the backend's GET /receipts/:id returns (only receipt, proof and batchId are used).
--registry defaults to the sdk's deployment for the RPC's chain.
Exit codes: 0 verified, 1 not verified, 2 bad input, 3 unreachable.`;

class UsageError extends Error {}
class UnreachableError extends Error {}

type Options = {
  file?: string;
  id?: string;
  api?: string;
  rpc: string;
  registry?: Address;
  fromBlock?: bigint;
  json: boolean;
};

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        rpc: { type: "string" },
        api: { type: "string" },
        id: { type: "string" },
        registry: { type: "string" },
        "from-block": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [command, file, ...extra] = positionals;
  if (command !== "verify") throw new UsageError(command ? `unknown command "${command}"` : "missing command");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!values.rpc) throw new UsageError("--rpc <url> is required");
  if (!/^https?:\/\//.test(values.rpc)) throw new UsageError(`--rpc must be an http(s) URL, got "${values.rpc}"`);
  if (file && values.id) throw new UsageError("give either a file or --id, not both");
  if (!file && !values.id) throw new UsageError("give a receipt file (or - for stdin), or --id with --api");
  if (values.id && !values.api) throw new UsageError("--id needs --api <backend url>");
  if (values.id && !(isHex(values.id, { strict: true }) && values.id.length === 66)) {
    throw new UsageError(`--id must be a decision id (32 bytes of 0x-prefixed hex), got "${values.id}"`);
  }
  if (values.registry && !isAddress(values.registry)) {
    throw new UsageError(`--registry must be an address, got "${values.registry}"`);
  }
  const fromBlock = values["from-block"];
  if (fromBlock !== undefined && !/^\d+$/.test(fromBlock)) {
    throw new UsageError(`--from-block must be a block number, got "${fromBlock}"`);
  }
  return {
    file,
    id: values.id,
    api: values.api,
    rpc: values.rpc,
    registry: values.registry as Address | undefined,
    fromBlock: fromBlock === undefined ? undefined : BigInt(fromBlock),
    json: values.json,
  };
}

async function loadDocument(options: Options): Promise<{ document: ReceiptDocument; servedLeaf?: unknown }> {
  let raw: unknown;
  if (options.file) {
    let text: string;
    try {
      text = readFileSync(options.file === "-" ? 0 : options.file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${options.file}: ${(error as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch {
      throw new UsageError(`${options.file === "-" ? "stdin" : options.file} is not JSON`);
    }
  } else {
    const url = `${options.api!.replace(/\/+$/, "")}/receipts/${options.id}`;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new UnreachableError(`cannot reach ${url}: ${(error as Error).message}`);
    }
    if (response.status === 404) throw new UsageError(`the backend knows no receipt ${options.id}`);
    if (!response.ok) throw new UnreachableError(`${url} answered HTTP ${response.status}`);
    raw = await response.json();
  }
  return { document: parseReceiptDocument(raw), servedLeaf: (raw as Record<string, unknown>).leaf };
}

type Check = { step: string; value: string; ok?: boolean };

async function verify(options: Options): Promise<{ verified: boolean; checks: Check[]; batch?: ReceiptBatch }> {
  const { document, servedLeaf } = await loadDocument(options);
  const checks: Check[] = [];
  const leaf = hashReceipt(document.receipt);
  checks.push({ step: "leaf (keccak256 of keccak256 of the ABI-encoded receipt)", value: leaf });
  if (typeof servedLeaf === "string") {
    checks.push({ step: "leaf the document claims", value: servedLeaf, ok: servedLeaf.toLowerCase() === leaf });
  }
  const computedRoot = processProof({ leaf, proof: document.proof });
  checks.push({ step: `root from the proof (${document.proof.length} siblings)`, value: computedRoot });

  const client = createPublicClient({ transport: http(options.rpc, { retryCount: 1, timeout: 15_000 }) });
  let batch: ReceiptBatch;
  let valid: boolean;
  try {
    batch = await getReceiptBatch(client, {
      batchId: document.batchId,
      address: options.registry,
      fromBlock: options.fromBlock,
    });
    ({ valid } = await verifyReceiptOnChain(client, {
      batchId: document.batchId,
      receipt: document.receipt,
      proof: document.proof,
      address: options.registry,
      fromBlock: options.fromBlock,
    }));
  } catch (error) {
    const e = error as Error & { shortMessage?: string };
    if (e.name === "BatchNotFoundError") {
      checks.push({ step: `batch ${document.batchId} on-chain`, value: "not found", ok: false });
      return { verified: false, checks };
    }
    if (e.name === "ContractNotDeployedError") throw new UsageError(`${e.shortMessage ?? e.message}; pass --registry`);
    throw new UnreachableError(`cannot read the chain at ${options.rpc}: ${e.shortMessage ?? e.message}`);
  }
  checks.push({ step: `root anchored in batch ${batch.batchId}`, value: batch.root, ok: batch.root === computedRoot });
  checks.push({
    step: "anchored by",
    value: `${batch.anchorer} for provider ${batch.provider}, tx ${batch.transactionHash} (block ${batch.blockNumber})`,
  });
  checks.push({ step: "ReceiptRegistry.verifyReceiptFields", value: String(valid), ok: valid });
  return { verified: valid && batch.root === computedRoot && checks.every((c) => c.ok !== false), checks, batch };
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`dcx-receipt: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const { verified, checks, batch } = await verify(options);
    if (options.json) {
      const replacer = (_: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
      console.log(JSON.stringify({ verified, checks, batch }, replacer));
    } else {
      for (const c of checks) console.log(`${c.ok === undefined ? " " : c.ok ? "✓" : "✗"} ${c.step}: ${c.value}`);
      console.log(verified ? "VERIFIED: the receipt is in an anchored batch." : "NOT VERIFIED.");
    }
    return verified ? 0 : 1;
  } catch (error) {
    const code =
      error instanceof UnreachableError
        ? 3
        : error instanceof UsageError || error instanceof ReceiptDocumentError
          ? 2
          : 1;
    console.error(`dcx-receipt: ${(error as Error).message}`);
    return code;
  }
}

process.exitCode = await main();
