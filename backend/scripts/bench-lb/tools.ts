import { accessSync, constants } from "node:fs";
import { resolveCommand } from "../../src/compute/provisioners/resolve-command.js";

/** Where Debian installs each tool, for shells whose PATH lacks `/usr/sbin`. */
const FALLBACKS: Record<string, string[]> = {
  wrk: ["/usr/bin/wrk", "/usr/local/bin/wrk"],
  nginx: ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"],
};

/**
 * The absolute path of an external tool the benchmark drives (`wrk`, `nginx`), from `PATH` or its
 * usual install location.
 * @throws {Error} naming the tool and how to install it, when it is not found.
 */
export function requireTool(name: "wrk" | "nginx"): string {
  const found = resolveCommand(name);
  if (found) return found;
  for (const candidate of FALLBACKS[name] ?? []) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `${name} is required by bench:lb but was not found on PATH or in ${(FALLBACKS[name] ?? []).join(", ")} (apt-get install ${name})`,
  );
}
