import type { E2eBackend } from "./backend.js";
import { startBackend } from "./backend.js";
import { type E2eChain, startChain } from "./chain.js";
import { freePort } from "./processes.js";
import { buildWeb, retireBuild, startWeb } from "./web.js";

/** The whole local stack the web app runs against, each part a real process. */
export type E2eStack = {
  chain: E2eChain;
  backend: E2eBackend;
  /** The web app's origin, e.g. `http://127.0.0.1:41234`. */
  webUrl: string;
  /** The route table `next build` printed. */
  buildOutput: string;
  stop(): Promise<void>;
};

function progress(line: string): void {
  process.stderr.write(`[e2e] ${line}\n`);
}

/**
 * Starts a Hardhat node with a fresh deployment, the backend on an in-memory PGlite database, a
 * production build of the web app with their URLs inlined, and `next start`. Ports are free ones
 * chosen up front (the build must know the API's, the backend the web app's for SIWE and CORS).
 * `stop()` ends every process; a failure half-way stops what was started.
 */
export async function startStack(
  options: { reuseBuild?: boolean } = { reuseBuild: process.env.DCX_E2E_REUSE_BUILD === "1" },
): Promise<E2eStack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // Reusing a build needs the URLs it inlined: fixed ports then (DCX_E2E_REUSE_BUILD=1, for iterating on tests).
    const [rpcPort, apiPort, webPort] = options.reuseBuild
      ? [18_645, 14_100, 13_100]
      : [await freePort(), await freePort(), await freePort()];
    const webUrl = `http://127.0.0.1:${webPort}`;
    let t = Date.now();
    progress("starting the Hardhat node and deploying the contracts");
    const chain = await startChain(rpcPort);
    stops.push(() => chain.stop());
    progress(`chain ${chain.rpcUrl} ready (${((Date.now() - t) / 1000).toFixed(1)} s); starting the backend`);
    t = Date.now();
    const backend = await startBackend(chain, new URL(webUrl), apiPort);
    stops.push(() => backend.stop());
    progress(`backend ${backend.url} ready (${((Date.now() - t) / 1000).toFixed(1)} s); building the web app`);
    t = Date.now();
    const buildEnv = { apiUrl: backend.url, rpcUrl: chain.rpcUrl, chainId: 31337 };
    const { output, distDir } = await buildWeb(buildEnv, { reuse: options.reuseBuild });
    if (!options.reuseBuild) stops.push(async () => retireBuild(distDir));
    progress(`web app built in ${distDir} (${((Date.now() - t) / 1000).toFixed(1)} s); starting it`);
    const web = await startWeb(buildEnv, webPort);
    stops.push(() => web.stop());
    progress(`web app ${web.url} ready`);
    return { chain, backend, webUrl, buildOutput: output, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
