/**
 * `npm start`: the whole local stack with one command.
 *
 * 1. a Hardhat node on 127.0.0.1:8545 (chain 31337), its chatter in `.data/chain.log`;
 * 2. the contracts, deployed with `scripts/deploy.ts`, and demo data from `scripts/seed.ts`;
 * 3. the backend (indexer + API on http://127.0.0.1:4000, embedded PGlite database in `.data/`);
 * 4. the web app: a production build (rebuilt only when the frontend or the sdk changed) served on
 *    http://localhost:3000 (sign in there: SIWE messages name that host).
 *
 * Ctrl-C stops everything. Set DCX_RPC_PORT / PORT / WEB_PORT to move the chain / the backend / the web app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, ".data");
const rpcPort = Number(process.env.DCX_RPC_PORT ?? 8545);
const rpcUrl = `http://127.0.0.1:${rpcPort}`;
const children: ChildProcess[] = [];

function log(line: string): void {
  console.log(`[start] ${line}`);
}

/** Runs a command to completion, forwarding its output with a prefix; rejects on a non-zero exit. */
function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) console.log(`[${name}] ${line}`);
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with code ${code}`))));
  });
}

/** Starts a long-running process; its output goes to the console with a prefix, or to `logFile`. */
function serve(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; logFile?: string } = {},
) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (options.logFile) {
    const out = createWriteStream(options.logFile);
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
  } else {
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) console.log(`[${name}] ${line}`);
    };
    child.stdout!.on("data", forward);
    child.stderr!.on("data", forward);
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} stopped (${signal ?? `code ${code}`}); shutting down`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

/** Latest modification time (ms) of the files under `dirs`, skipping build output and dependencies. */
function newestChange(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === ".next" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) walk(dir);
  return newest;
}

async function rpcReady(): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    return res.ok;
  } catch {
    return false;
  }
}

let stopping = false;
function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1_500).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const hardhat = path.join(root, "node_modules", ".bin", "hardhat");

  if (await rpcReady()) {
    log(`a chain already answers on ${rpcUrl}; using it`);
  } else {
    log(`starting the Hardhat node on ${rpcUrl} (log: .data/chain.log)`);
    serve("chain", hardhat, ["node", "--hostname", "127.0.0.1", "--port", String(rpcPort)], {
      logFile: path.join(dataDir, "chain.log"),
    });
    const deadline = Date.now() + 60_000;
    while (!(await rpcReady())) {
      if (Date.now() > deadline) throw new Error("the Hardhat node did not start within 60 s (see .data/chain.log)");
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const env = { DCX_LOCALHOST_URL: rpcUrl };
  log("deploying the contracts");
  await run("deploy", hardhat, ["run", "scripts/deploy.ts", "--network", "localhost"], env);
  log("seeding demo data");
  await run("seed", hardhat, ["run", "scripts/seed.ts", "--network", "localhost"], env);

  const backendMain = path.join(root, "backend", "dist", "src", "main.js");
  const webPort = Number(process.env.WEB_PORT ?? 3000);
  // The sdk carries the addresses the deploy just wrote; the backend and the web app import it.
  log("building the sdk and the backend");
  await run("build", "npm", ["run", "build", "-w", "sdk", "-w", "backend"]);
  if (existsSync(backendMain)) {
    log("starting the backend (embedded PGlite in .data/pglite)");
    serve("backend", process.execPath, [backendMain], {
      env: {
        RPC_URL: rpcUrl,
        PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR ?? path.join(dataDir, "pglite"),
        COMPUTE_LB_STATE_DIR: process.env.COMPUTE_LB_STATE_DIR ?? path.join(dataDir, "lb"),
        // Sign-In with Ethereum messages name the web app's host as the browser shows it.
        SIWE_DOMAIN: process.env.SIWE_DOMAIN ?? `localhost:${webPort}`,
        CORS_ORIGINS: process.env.CORS_ORIGINS ?? `http://localhost:${webPort},http://127.0.0.1:${webPort}`,
        // Hardhat's public test keys #10-#12: the seeded providers' schedulers (scripts/seed.ts).
        RECEIPTS_SCHEDULER_KEYS:
          process.env.RECEIPTS_SCHEDULER_KEYS ??
          "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897,0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82,0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1",
      },
    });
  }

  const frontendPkg = JSON.parse(readFileSync(path.join(root, "frontend", "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  if (frontendPkg.scripts?.start) {
    const buildId = path.join(root, "frontend", ".next", "BUILD_ID");
    const sources = ["frontend", "sdk/dist"].map((dir) => path.join(root, dir));
    if (frontendPkg.scripts.build && (!existsSync(buildId) || newestChange(sources) > statSync(buildId).mtimeMs)) {
      log("building the web app for production (about a minute; skipped next time if nothing changed)");
      await run("web-build", "npm", ["run", "build", "-w", "frontend"]);
    }
    log(`starting the web app on http://localhost:${webPort}`);
    serve(
      "web",
      path.join(root, "node_modules", ".bin", "next"),
      ["start", "frontend", "-H", "127.0.0.1", "-p", String(webPort)],
      {
        env: { NEXT_TELEMETRY_DISABLED: "1" },
      },
    );
  }
  log(
    `ready: chain ${rpcUrl}${existsSync(backendMain) ? `, API http://127.0.0.1:${process.env.PORT ?? 4000}/docs` : ""}${frontendPkg.scripts?.start ? `, web app http://localhost:${webPort}` : ""}. Ctrl-C stops.`,
  );
}

main().catch((error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  stop(1);
});
