import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { QLearningState } from "./algorithms/q-learning.js";

/** File of a booking's Q-learning table in `dir`. */
export function qTablePath(dir: string, bookingId: bigint): string {
  return join(dir, `q-learning-${bookingId}.json`);
}

/** The saved table of a booking, or `undefined` when there is none (a missing file is not an error). */
export function loadQTable(dir: string, bookingId: bigint): QLearningState | undefined {
  let text: string;
  try {
    text = readFileSync(qTablePath(dir, bookingId), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return JSON.parse(text) as QLearningState;
}

/** Writes the table atomically (temporary file, then rename), so a crash never leaves half a file. */
export function saveQTable(dir: string, bookingId: bigint, state: QLearningState): void {
  mkdirSync(dir, { recursive: true });
  const path = qTablePath(dir, bookingId);
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}
