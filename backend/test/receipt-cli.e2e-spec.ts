import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildReceiptTree, getReceiptProof, hashReceipt, type Receipt } from "@dcx/sdk";
import { keccak256, stringToHex, type Address, type Hex } from "viem";
import { dcx } from "./support/dcx.js";
import { startLocalChain, type LocalChain } from "./support/localChain.js";

const CLI = fileURLToPath(new URL("../../../sdk/dist/cli/dcx-receipt.js", import.meta.url));

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the auditor CLI as a user would, optionally feeding stdin. */
function cli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

describe("dcx-receipt (auditor CLI) against a real chain", () => {
  let chain: LocalChain;
  let registry: Address;
  let receipts: Receipt[];
  let document: { receipt: Receipt; leaf: Hex; proof: Hex[]; batchId: number };
  let api: Server;
  let apiUrl: string;

  before(async () => {
    chain = await startLocalChain();
    const d = dcx(chain);
    const [provider, scheduler] = [chain.accounts[1]!, chain.accounts[10]!];
    await d.fund(provider);
    await d.registerProvider(provider);
    await d.write(provider, "ReceiptRegistry", "authorizeScheduler", [scheduler]);
    const now = BigInt((await chain.publicClient.getBlock()).timestamp);
    receipts = Array.from({ length: 5 }, (_, i) => ({
      bookingId: 1n,
      decisionId: keccak256(stringToHex(`decision-${i}`)),
      kind: (["route", "place", "scale"] as const)[i % 3]!,
      instanceId: `i-${i}`,
      algorithm: "p2c",
      inputsHash: keccak256(stringToHex(`inputs-${i}`)),
      timestamp: now - BigInt(10 - i),
    }));
    const { tree, root } = buildReceiptTree({ receipts });
    await d.write(scheduler, "ReceiptRegistry", "anchorBatch", [root, 5, now - 10n, now - 6n, 0n, ""]);
    registry = chain.contracts.ReceiptRegistry as Address;
    const { proof, leaf } = getReceiptProof({ tree, receipt: receipts[2]! });
    document = { receipt: receipts[2]!, leaf, proof: [...proof], batchId: 1 };
    // The backend's GET /receipts/:id, served over real HTTP (the CLI trusts nothing in it but the receipt).
    api = createServer((req, res) => {
      const found = req.url === `/receipts/${receipts[2]!.decisionId}`;
      res.writeHead(found ? 200 : 404, { "content-type": "application/json" });
      res.end(found ? json(document) : JSON.stringify({ message: "not found" }));
    });
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
  });

  after(async () => {
    api?.close();
    await chain?.stop();
  });

  it("verifies a receipt from a file (stdin), showing each step, exit 0", async () => {
    const run = await cli(["verify", "-", "--rpc", chain.rpcUrl, "--registry", registry], json(document));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`leaf .*: ${hashReceipt(receipts[2]!)}`));
    assert.match(run.stdout, /✓ root anchored in batch 1/);
    assert.match(run.stdout, /✓ ReceiptRegistry.verifyReceiptFields: true/);
    assert.match(run.stdout, /VERIFIED/);
  });

  it("fetches it by decision id from a backend and checks it on-chain (--json)", async () => {
    const run = await cli([
      "verify",
      "--id",
      receipts[2]!.decisionId,
      "--api",
      apiUrl,
      "--rpc",
      chain.rpcUrl,
      "--registry",
      registry,
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { verified: boolean; batch: { count: number; anchorer: string } };
    assert.equal(out.verified, true);
    assert.equal(out.batch.count, 5);
    assert.equal(out.batch.anchorer.toLowerCase(), chain.accounts[10]!.toLowerCase());
  });

  it("a tampered receipt, a wrong proof or a wrong batch is NOT VERIFIED, exit 1", async () => {
    const tampered = { ...document, receipt: { ...document.receipt, instanceId: "i-evil" } };
    const wrongProof = { ...document, proof: [...document.proof].reverse() };
    const wrongBatch = { ...document, batchId: 99 };
    for (const doc of [tampered, wrongProof, wrongBatch]) {
      const run = await cli(["verify", "-", "--rpc", chain.rpcUrl, "--registry", registry], json(doc));
      assert.equal(run.code, 1, `${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /NOT VERIFIED/);
    }
  });

  it("bad input and usage errors exit 2 with a message; an unreachable chain exits 3", async () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [["verify", "-", "--registry", registry], json(document), /--rpc <url> is required/],
      [["check", "-", "--rpc", chain.rpcUrl], json(document), /unknown command "check"/],
      [["verify", "-", "--rpc", chain.rpcUrl], "{not json", /stdin is not JSON/],
      [["verify", "-", "--rpc", chain.rpcUrl], json({ ...document, batchId: null }), /not anchored/],
      [["verify", "-", "--rpc", chain.rpcUrl, "--registry", "0x12"], json(document), /--registry must be an address/],
      [["verify", "--id", "0x1234", "--api", apiUrl, "--rpc", chain.rpcUrl], undefined, /--id must be a decision id/],
      [
        ["verify", "--id", `0x${"00".repeat(32)}`, "--api", apiUrl, "--rpc", chain.rpcUrl],
        undefined,
        /knows no receipt/,
      ],
    ];
    for (const [args, stdin, message] of cases) {
      const run = await cli(args, stdin);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
    const down = await cli(["verify", "-", "--rpc", "http://127.0.0.1:9", "--registry", registry], json(document));
    assert.equal(down.code, 3, down.stderr);
    assert.match(down.stderr, /cannot read the chain/);
  });
});
