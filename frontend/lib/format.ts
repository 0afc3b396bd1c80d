import { formatUnits, getAddress, isAddress } from "viem";

/** DCX has 18 decimals, like ether. */
export const tokenDecimals = 18;
export const tokenSymbol = "DCX";

const groups = new Intl.NumberFormat("en-US");

/**
 * Formats a token amount given in wei (bigint or decimal string) as `1,234.5678 DCX`, keeping at most
 * `maxFractionDigits` decimals (truncated, never rounded up: an amount shown is never more than held).
 * Amounts below the smallest shown unit but above zero show as `< 0.0001 DCX`.
 */
export function formatToken(
  wei: bigint | string | null | undefined,
  { maxFractionDigits = 4, symbol = true }: { maxFractionDigits?: number; symbol?: boolean } = {},
): string {
  const suffix = symbol ? ` ${tokenSymbol}` : "";
  if (wei === null || wei === undefined || wei === "") return "—";
  const value = typeof wei === "bigint" ? wei : BigInt(wei);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const [whole, fraction = ""] = formatUnits(abs, tokenDecimals).split(".");
  const kept = fraction.slice(0, maxFractionDigits).replace(/0+$/, "");
  if (abs > 0n && BigInt(whole) === 0n && kept === "") {
    return `< 0.${"0".repeat(Math.max(maxFractionDigits - 1, 0))}1${suffix}`;
  }
  const grouped = groups.format(BigInt(whole));
  return `${negative ? "−" : ""}${grouped}${kept ? `.${kept}` : ""}${suffix}`;
}

/** A price per second (wei) as per-hour and per-day token amounts. */
export function pricePerPeriods(pricePerSecond: bigint | string): { perHour: bigint; perDay: bigint } {
  const p = typeof pricePerSecond === "bigint" ? pricePerSecond : BigInt(pricePerSecond);
  return { perHour: p * 3600n, perDay: p * 86_400n };
}

/** `"1.2 DCX/h"` from a price per second in wei. */
export function formatPricePerHour(pricePerSecond: bigint | string): string {
  return `${formatToken(pricePerPeriods(pricePerSecond).perHour)}/h`;
}

/**
 * A duration in seconds as its two largest units: `45s`, `12m 30s`, `3h 5m`, `2d 4h`.
 * Negative or non-finite input shows as `—`.
 */
export function formatDuration(seconds: number | bigint): string {
  const s = typeof seconds === "bigint" ? Number(seconds) : seconds;
  if (!Number.isFinite(s) || s < 0) return "—";
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ];
  let rest = Math.floor(s);
  const counts = units.map(([name, size]) => {
    const n = Math.floor(rest / size);
    rest -= n * size;
    return [n, name] as const;
  });
  const first = counts.findIndex(([n]) => n > 0);
  if (first === -1) return "0s";
  const [n, name] = counts[first]!;
  const next = counts[first + 1];
  return next && next[0] > 0 ? `${n}${name} ${next[0]}${next[1]}` : `${n}${name}`;
}

/** `0x1234…abcd` (checksummed); anything that is not an address is returned unchanged. */
export function shortAddress(address: string, chars = 4): string {
  if (!isAddress(address, { strict: false })) return address;
  const a = getAddress(address);
  return `${a.slice(0, 2 + chars)}…${a.slice(-chars)}`;
}

/** A 32-byte hash as `0x12345678…9abcdef0`. */
export function shortHash(hash: string, chars = 8): string {
  return hash.length > 2 + chars * 2 ? `${hash.slice(0, 2 + chars)}…${hash.slice(-chars)}` : hash;
}

/** Basis points as a percentage: 9990 → `99.90%`. */
export function formatBps(bps: number, fractionDigits = 2): string {
  return `${(bps / 100).toFixed(fractionDigits)}%`;
}

/** CPU millicores: 500 → `0.5 vCPU`, 2000 → `2 vCPU`. */
export function formatCpu(millicores: number): string {
  return `${Number((millicores / 1000).toFixed(3))} vCPU`;
}

/** Memory in MB: 512 → `512 MB`, 4096 → `4 GB`, 1536 → `1.5 GB`. */
export function formatMemory(mb: number): string {
  return mb >= 1024 ? `${Number((mb / 1024).toFixed(2))} GB` : `${mb} MB`;
}

/** A listing's machine in one line: `2 vCPU · 4 GB · 1 GPU` (GPUs only when it has some). */
export function formatSpecs(r: { cpuMillicores: number; memoryMb: number; gpuCount: number }): string {
  return [formatCpu(r.cpuMillicores), formatMemory(r.memoryMb), r.gpuCount > 0 ? `${r.gpuCount} GPU` : ""]
    .filter(Boolean)
    .join(" · ");
}

/** Unix seconds as a local date and time (`2026-11-22 08:15`), or `—`. */
export function formatTimestamp(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Relative time from `now` (seconds): `in 5m`, `3h ago`. */
export function formatRelative(seconds: number, now: number): string {
  const delta = seconds - now;
  if (Math.abs(delta) < 5) return "now";
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}
