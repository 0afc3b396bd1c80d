import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The header the urgency-aware algorithm reads when the load balancer does not name another. */
export const DEFAULT_DEADLINE_HEADER = "x-dcx-deadline-ms";

const LB_DIR = fileURLToPath(new URL("../../src/compute/lb/", import.meta.url));

/**
 * The request header carrying a deadline that the built load balancer (`dist/src/compute/lb/`)
 * reads: the first `x-…deadline…` string literal in its code, else {@link DEFAULT_DEADLINE_HEADER}.
 * Read from the build rather than hard-coded so the benchmark follows the load balancer.
 */
export async function deadlineHeader(): Promise<string> {
  let files: string[];
  try {
    files = (await readdir(LB_DIR, { recursive: true })).filter((f) => f.endsWith(".js")).sort();
  } catch {
    return DEFAULT_DEADLINE_HEADER;
  }
  for (const file of files) {
    const text = await readFile(`${LB_DIR}${file}`, "utf8");
    const match = /["'`](x-[a-z0-9-]*deadline[a-z0-9-]*)["'`]/i.exec(text);
    if (match) return match[1]!.toLowerCase();
  }
  return DEFAULT_DEADLINE_HEADER;
}

/** Whether the full load balancer is built (else `defaultLoadBalancerFactory` returns the stand-in). */
export async function fullLoadBalancerBuilt(): Promise<boolean> {
  try {
    await readFile(`${LB_DIR}load-balancer.js`);
    return true;
  } catch {
    return false;
  }
}
