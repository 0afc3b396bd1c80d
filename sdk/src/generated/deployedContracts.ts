// generated — do not edit. Written by scripts/generateAbis.ts from deployments/*.json.

import type { DeployedContracts } from "../contracts/types.js";

/** Where each contract is deployed, by chain id: its address and the block to index its events from. */
export const deployedContracts = {
} as const satisfies DeployedContracts;
