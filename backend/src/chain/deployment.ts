import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getAddress, isAddress, type Address } from "viem";
import { CONTRACT_NAMES, type ContractName } from "./abis.js";

/** The addresses and first block of one D-CloudX deployment. */
export type Deployment = {
  chainId: number;
  startBlock: bigint;
  contracts: Record<ContractName, Address>;
};

const REPO_DEPLOYMENTS = fileURLToPath(new URL("../../../../deployments/", import.meta.url));

/** Thrown when the deployment file is missing or malformed; the message says how to fix it. */
export class DeploymentError extends Error {
  override name = "DeploymentError";
}

/**
 * Reads `deployments/<chainId>.json` (written by `scripts/deploy.ts`), or `file` when given.
 * @throws {DeploymentError} when the file is missing, belongs to another chain or lacks a contract.
 */
export function loadDeployment(chainId: number, file?: string): Deployment {
  const path = file ?? `${REPO_DEPLOYMENTS}${chainId}.json`;
  if (!existsSync(path)) {
    throw new DeploymentError(
      `No deployment for chain ${chainId} at ${path}: run \`npm run deploy\` first, or set DEPLOYMENT_FILE.`,
    );
  }
  let json: { chainId?: number; startBlock?: number | string; contracts?: Record<string, { address?: string }> };
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DeploymentError(`Deployment file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (Number(json.chainId) !== chainId) {
    throw new DeploymentError(
      `Deployment file ${path} is for chain ${json.chainId}, but the RPC serves chain ${chainId}.`,
    );
  }
  const contracts = {} as Record<ContractName, Address>;
  for (const name of CONTRACT_NAMES) {
    const address = json.contracts?.[name]?.address;
    if (!address || !isAddress(address))
      throw new DeploymentError(`Deployment file ${path} has no address for ${name}.`);
    contracts[name] = getAddress(address);
  }
  return { chainId, startBlock: BigInt(json.startBlock ?? 0), contracts };
}
