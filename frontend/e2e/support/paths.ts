import path from "node:path";
import { fileURLToPath } from "node:url";

/** `frontend/`. */
export const frontendRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The repository root (the Hardhat project). */
export const repoRoot = path.resolve(frontendRoot, "..");
/** Where the e2e run saves its screenshots (the README shows them). */
export const screenshotsDir = path.join(frontendRoot, "e2e", "screenshots");
