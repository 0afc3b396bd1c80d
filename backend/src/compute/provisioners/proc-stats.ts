import { readFile } from "node:fs/promises";

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`; 100 on every Linux we run on). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** One reading of a process's counters from /proc. */
export type ProcSample = {
  /** User + system CPU time since the process started, in seconds. */
  cpuSeconds: number;
  /** Resident set size, in bytes. */
  rssBytes: number;
  /** `performance.now()` when read. */
  at: number;
};

/**
 * Reads `/proc/<pid>/stat` (utime, stime) and `/proc/<pid>/status` (VmRSS).
 * @returns undefined when the process is gone.
 */
export async function readProcSample(pid: number): Promise<ProcSample | undefined> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, "utf8"),
      readFile(`/proc/${pid}/status`, "utf8"),
    ]);
    return { cpuSeconds: parseCpuSeconds(stat), rssBytes: parseRssBytes(status), at: performance.now() };
  } catch {
    return undefined;
  }
}

/** utime + stime (fields 14 and 15 of `stat`), in seconds. The command name may hold spaces and parentheses, so fields are counted after the last `)`. */
export function parseCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error("unexpected /proc/<pid>/stat format");
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** `VmRSS:   1234 kB` → bytes (0 when absent, e.g. a zombie). */
export function parseRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Cores used between two samples of the same process (1 = one core busy the whole time). */
export function cpuCoresBetween(previous: ProcSample, current: ProcSample): number {
  const seconds = (current.at - previous.at) / 1_000;
  if (seconds <= 0) return 0;
  return Math.max(0, (current.cpuSeconds - previous.cpuSeconds) / seconds);
}
