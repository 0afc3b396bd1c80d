import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What one closed-loop `wrk` run measured. */
export type WrkResult = {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses outside 2xx/3xx (rate limiting, circuit breaking, upstream errors). */
  non2xx: number;
  /** Connect, read, write and timeout errors. */
  socketErrors: number;
};

export type WrkOptions = { threads: number; connections: number; durationS: number; path?: string };

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function parseTimeMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`wrk: cannot read the time ${JSON.stringify(text)}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** Reads `wrk --latency` output. Exported for its own sake: wrk's format is the contract here. */
export function parseWrkOutput(output: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+(\S+)\s*$/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)\s*$/m.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!rps || !p50 || !p99 || !requests) throw new Error(`wrk: unexpected output:\n${output}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    rps: Number(rps[1]),
    p50Ms: parseTimeMs(p50[1]!),
    p99Ms: parseTimeMs(p99[1]!),
    requests: Number(requests[1]),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socket ? socket.slice(1, 5).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/** Runs `wrk -t<threads> -c<connections> -d<D>s --latency` against `url` (closed loop: as fast as the target answers). */
export async function runWrk(wrk: string, url: string, options: WrkOptions): Promise<WrkResult> {
  const durationS = Math.max(1, Math.round(options.durationS));
  const { stdout } = await run(
    wrk,
    [
      `-t${options.threads}`,
      `-c${options.connections}`,
      `-d${durationS}s`,
      "--timeout",
      "10s",
      "--latency",
      `${url}${options.path ?? "/work"}`,
    ],
    { timeout: (durationS + 30) * 1_000, killSignal: "SIGKILL" },
  );
  return parseWrkOutput(stdout);
}
