import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/**
 * The absolute path of an executable: `command` itself when absolute, else the first match on
 * `PATH`. Relative paths (`./x`, `a/b`) are refused: the working directory of the node is no
 * business of the consumer's.
 * @returns undefined when there is no such executable file.
 */
export function resolveCommand(command: string, path = process.env.PATH ?? ""): string | undefined {
  if (isAbsolute(command)) return isExecutableFile(command) ? command : undefined;
  if (command.includes("/")) return undefined;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
