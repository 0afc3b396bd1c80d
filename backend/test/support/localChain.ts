import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type Address,
  type PublicClient,
  type TestClient,
  type WalletClient,
} from "viem";
import { hardhat } from "viem/chains";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const HARDHAT = path.join(REPO, "node_modules", ".bin", "hardhat");

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type LocalChain = {
  rpcUrl: string;
  /** The deployment file the backend reads (an ephemeral copy, not the repository's). */
  deploymentFile: string;
  contracts: Record<string, Address>;
  startBlock: bigint;
  accounts: Address[];
  publicClient: PublicClient;
  walletClient: WalletClient;
  testClient: TestClient;
  stop(): Promise<void>;
};

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} failed:\n${output}`)),
    );
  });
}

/**
 * Starts a real Hardhat node on a free port and deploys D-CloudX to it with the same deploy
 * script `npm start` uses (in its ephemeral mode, so the repository's deployment is untouched).
 */
export async function startLocalChain(): Promise<LocalChain> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const node: ChildProcess = spawn(HARDHAT, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: REPO,
    stdio: "ignore",
  });
  const publicClient = createPublicClient({ chain: hardhat, transport: http(rpcUrl) }) as PublicClient;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await publicClient.getChainId();
      break;
    } catch {
      if (Date.now() > deadline || node.exitCode !== null) {
        node.kill("SIGKILL");
        throw new Error(`hardhat node did not start on ${rpcUrl}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), "dcx-deploy-"));
  try {
    await run(HARDHAT, ["run", "scripts/deploy.ts", "--network", "localhost"], {
      DCX_LOCALHOST_URL: rpcUrl,
      DCX_DEPLOYMENTS_DIR: dir,
    });
  } catch (error) {
    node.kill("SIGKILL");
    throw error;
  }
  const deploymentFile = path.join(dir, "31337.json");
  const deployment = JSON.parse(readFileSync(deploymentFile, "utf8")) as {
    startBlock: number;
    contracts: Record<string, { address: Address }>;
  };
  const walletClient = createWalletClient({ chain: hardhat, transport: http(rpcUrl) });
  const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport: http(rpcUrl) });
  return {
    rpcUrl,
    deploymentFile,
    contracts: Object.fromEntries(Object.entries(deployment.contracts).map(([k, v]) => [k, v.address])),
    startBlock: BigInt(deployment.startBlock),
    accounts: await walletClient.getAddresses(),
    publicClient,
    walletClient,
    testClient,
    async stop() {
      node.kill("SIGTERM");
      await new Promise((r) => (node.exitCode !== null ? r(null) : node.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
