import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ContractName, deployedContracts, hardhat } from "@dcx/sdk";
import { type Address, createPublicClient, createTestClient, http, type PublicClient, type TestClient } from "viem";
import { freePort, runProcess, type StackProcess, startProcess, waitUntil } from "./processes.js";
import { repoRoot } from "./paths.js";

const HARDHAT = path.join(repoRoot, "node_modules", ".bin", "hardhat");

/** A fresh Hardhat node (chain 31337) with D-CloudX deployed at the addresses the sdk was generated with. */
export type E2eChain = {
  rpcUrl: string;
  /** The ephemeral deployment file (for the backend's DEPLOYMENT_FILE). */
  deploymentFile: string;
  contracts: Record<ContractName, Address>;
  startBlock: bigint;
  publicClient: PublicClient;
  testClient: TestClient;
  process: StackProcess;
  stop(): Promise<void>;
};

/**
 * Starts a Hardhat node on a free port and deploys with `scripts/deploy.ts` in its ephemeral mode
 * (`DCX_DEPLOYMENTS_DIR`: the repository's deployment and sdk stay untouched).
 *
 * The web app takes its contract addresses from `@dcx/sdk`'s generated `deployedContracts[31337]`.
 * A fresh node, the same deployer (account #0) and the same module give the same nonces, hence the
 * same addresses: this is checked, and a mismatch (the sdk was generated from another deployment)
 * fails with a message saying what to rebuild.
 */
export async function startChain(port?: number): Promise<E2eChain> {
  port ??= await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const node = startProcess("chain", HARDHAT, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
  });
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) }) as PublicClient;
  const dir = mkdtempSync(path.join(tmpdir(), "dcx-e2e-deploy-"));
  try {
    await waitUntil(`Hardhat node on ${rpcUrl}`, async () => (await publicClient.getChainId()) === hardhat.id, {
      timeoutMs: 60_000,
      process: node,
    });
    await runProcess("deploy", HARDHAT, ["run", "scripts/deploy.ts", "--network", "localhost"], {
      cwd: repoRoot,
      env: { DCX_LOCALHOST_URL: rpcUrl, DCX_DEPLOYMENTS_DIR: dir },
      timeoutMs: 120_000,
    });
  } catch (error) {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const deploymentFile = path.join(dir, "31337.json");
  const deployment = JSON.parse(readFileSync(deploymentFile, "utf8")) as {
    startBlock: number;
    contracts: Record<ContractName, { address: Address }>;
  };
  const contracts = Object.fromEntries(
    Object.entries(deployment.contracts).map(([name, { address }]) => [name, address]),
  ) as Record<ContractName, Address>;
  const expected = deployedContracts[31337] as Record<string, { address: Address }>;
  const mismatched = Object.entries(contracts).filter(
    ([name, address]) => expected[name]?.address.toLowerCase() !== address.toLowerCase(),
  );
  if (mismatched.length > 0) {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `The fresh deployment's addresses differ from @dcx/sdk's deployedContracts[31337] ` +
        `(${mismatched.map(([n, a]) => `${n}: ${a} vs ${expected[n]?.address}`).join(", ")}). ` +
        "The web app would talk to the wrong contracts: run `npm run deploy:local` on a fresh node (or `npm start`), then `npm run build -w sdk`.",
    );
  }
  return {
    rpcUrl,
    deploymentFile,
    contracts,
    startBlock: BigInt(deployment.startBlock),
    publicClient,
    testClient: createTestClient({ chain, mode: "hardhat", transport: http(rpcUrl) }),
    process: node,
    async stop() {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
