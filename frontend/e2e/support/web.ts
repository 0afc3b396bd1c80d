import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { frontendRoot } from "./paths.js";
import { runProcess, type StackProcess, startProcess, waitUntil } from "./processes.js";

const NEXT = path.join(frontendRoot, "..", "node_modules", "next", "dist", "bin", "next");

/** The `NEXT_PUBLIC_*` settings a build inlines. */
export type WebBuildEnv = { apiUrl: string; rpcUrl: string; chainId: number };

/**
 * The build directory of the e2e run and the benchmark (inside `.next`, so already git-ignored), passed
 * as `DCX_NEXT_DIST_DIR` for `next.config.ts` to use as `distDir`. If the app's config does not read
 * it, Next writes `.next` and {@link retireBuild} marks that build stale afterwards.
 */
export const e2eDistDir = ".next/e2e";

/** Where a build stamped by {@link buildWeb} records the settings it was made with. */
const stampFile = (distDir: string) => path.join(frontendRoot, distDir, "dcx-e2e-build.json");

/** Resolves the directory the last build actually wrote (the app may ignore DCX_NEXT_DIST_DIR). */
function builtDir(): string | undefined {
  for (const dir of [e2eDistDir, ".next"]) if (existsSync(path.join(frontendRoot, dir, "BUILD_ID"))) return dir;
  return undefined;
}

function env(build: WebBuildEnv): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DCX_NEXT_DIST_DIR: e2eDistDir,
    NEXT_PUBLIC_API_URL: build.apiUrl,
    NEXT_PUBLIC_RPC_URL: build.rpcUrl,
    NEXT_PUBLIC_CHAIN_ID: String(build.chainId),
  };
}

/**
 * `next build` for production with the stack's URLs inlined. Returns the build's output (the route
 * table) and the directory it was written to. Skipped when `reuse` is set and the last e2e build was
 * made with the same settings (`DCX_E2E_REUSE_BUILD=1` while iterating on tests).
 */
export async function buildWeb(
  build: WebBuildEnv,
  options: { reuse?: boolean } = {},
): Promise<{ output: string; distDir: string }> {
  const stamp = JSON.stringify(build);
  const previous = builtDir();
  if (
    options.reuse &&
    previous &&
    existsSync(stampFile(previous)) &&
    readFileSync(stampFile(previous), "utf8") === stamp
  ) {
    return { output: "(reused)", distDir: previous };
  }
  const startedAt = Date.now();
  const output = await runProcess("next build", process.execPath, [NEXT, "build"], {
    cwd: frontendRoot,
    env: env(build),
    timeoutMs: 600_000,
  });
  // The newest BUILD_ID tells which directory this build wrote.
  const distDir = [e2eDistDir, ".next"].find((dir) => {
    const id = path.join(frontendRoot, dir, "BUILD_ID");
    return existsSync(id) && statSync(id).mtimeMs >= startedAt - 1_000;
  });
  if (!distDir) throw new Error(`next build finished but no BUILD_ID was written:\n${output}`);
  writeFileSync(stampFile(distDir), stamp);
  return { output, distDir };
}

/**
 * If the build went to `.next` (the app ignores DCX_NEXT_DIST_DIR), mark it stale afterwards, so
 * `npm start` rebuilds with its own URLs instead of serving one that points at a stopped e2e stack.
 */
export function retireBuild(distDir: string): void {
  if (distDir === ".next") rmSync(path.join(frontendRoot, ".next", "BUILD_ID"), { force: true });
}

/** `next start` of the production build on `port`. */
export async function startWeb(
  build: WebBuildEnv,
  port: number,
): Promise<{ url: string; process: StackProcess; stop(): Promise<void> }> {
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess("next start", process.execPath, [NEXT, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: frontendRoot,
    env: env(build),
  });
  try {
    await waitUntil(`web app on ${url}`, async () => (await fetch(url)).status < 500, {
      timeoutMs: 60_000,
      process: proc,
    });
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { url, process: proc, stop: () => proc.stop() };
}
