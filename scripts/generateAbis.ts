/**
 * Writes the sdk's generated sources from the compiled artifacts and `deployments/*.json`:
 *
 * - `sdk/src/generated/abis.ts`: every deployable contract's ABI `as const` (from `artifacts/`, so
 *   the sdk compiles even before anything is deployed), plus `abis` keyed by contract name;
 * - `sdk/src/generated/deployedContracts.ts`: address and start block of each contract, keyed by
 *   chain id, `as const satisfies DeployedContracts`.
 *
 * ABIs are never copied by hand (scaffold-eth-2's `generateTsAbis.ts`). `scripts/deploy.ts` calls
 * {@link generateAbis} after each deployment; run it alone with `npm run generate:abis`
 * (`tsx scripts/generateAbis.ts`, after `hardhat build`) or `hardhat run scripts/generateAbis.ts`.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type GenerateAbisParameters = {
  /** Project root; the other paths default to folders under it. */
  root?: string;
  /** Hardhat's artifacts folder (`config.paths.artifacts`). */
  artifactsDir?: string;
  /** Where `deployments/<chainId>.json` live. */
  deploymentsDir?: string;
  /** Where the generated sources go. */
  outDir?: string;
  /** Progress output; `console.log` by default. */
  log?: (line: string) => void;
};

export type GenerateAbisReturnType = {
  abisFile: string;
  deployedContractsFile: string;
  contractNames: string[];
  chainIds: number[];
};

/** The shape `scripts/deploy.ts` writes to `deployments/<chainId>.json`. */
export type DeploymentFile = {
  chainId: number;
  startBlock: number;
  deployedAt: string;
  contracts: Record<string, { address: string; abi: readonly unknown[] }>;
};

type Artifact = { _format: string; contractName: string; sourceName: string; abi: unknown[]; bytecode: string };

const HEADER = "// generated — do not edit. Written by scripts/generateAbis.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Regenerates `sdk/src/generated/abis.ts` and `sdk/src/generated/deployedContracts.ts`.
 *
 * @param parameters - {@link GenerateAbisParameters}
 * @returns The files written, the contract names and the chain ids found.
 * @throws When the artifacts folder is missing (run `hardhat build` first), two deployable
 * contracts share a name, or a deployment file is malformed.
 */
export async function generateAbis(parameters: GenerateAbisParameters = {}): Promise<GenerateAbisReturnType> {
  const root = parameters.root ?? ROOT;
  const artifactsDir = parameters.artifactsDir ?? path.join(root, "artifacts");
  const deploymentsDir = parameters.deploymentsDir ?? path.join(root, "deployments");
  const outDir = parameters.outDir ?? path.join(root, "sdk", "src", "generated");
  const log = parameters.log ?? ((line: string) => console.log(line));

  const artifacts = await readDeployableArtifacts(artifactsDir);
  const deployments = await readDeployments(deploymentsDir);

  for (const deployment of deployments) {
    for (const [name, { abi }] of Object.entries(deployment.contracts)) {
      const artifact = artifacts.get(name);
      if (artifact === undefined) {
        log(`  ! chain ${deployment.chainId}: ${name} has no artifact; it is left out of deployedContracts`);
      } else if (JSON.stringify(artifact.abi) !== JSON.stringify(abi)) {
        log(`  ! chain ${deployment.chainId}: ${name}'s deployed ABI differs from the compiled one; redeploy`);
      }
    }
  }

  await mkdir(outDir, { recursive: true });
  const abisFile = path.join(outDir, "abis.ts");
  const deployedContractsFile = path.join(outDir, "deployedContracts.ts");
  await writeFile(abisFile, renderAbis(artifacts));
  await writeFile(deployedContractsFile, renderDeployedContracts(deployments, artifacts));

  const contractNames = [...artifacts.keys()];
  const chainIds = deployments.map((d) => d.chainId);
  log(`  ✓ ${path.relative(root, abisFile)}: ${contractNames.join(", ")}`);
  log(
    `  ✓ ${path.relative(root, deployedContractsFile)}: ${chainIds.length ? `chains ${chainIds.join(", ")}` : "no deployments yet"}`,
  );
  return { abisFile, deployedContractsFile, contractNames, chainIds };
}

/** Artifacts of contracts that can be deployed: with bytecode, under `contracts/`, not mocks. */
async function readDeployableArtifacts(artifactsDir: string): Promise<Map<string, Artifact>> {
  const contractsDir = path.join(artifactsDir, "contracts");
  if (!existsSync(contractsDir)) {
    throw new Error(`No artifacts in ${contractsDir}: run \`npx hardhat build\` first.`);
  }
  const found = new Map<string, Artifact>();
  for (const entry of await readdir(contractsDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".json") || entry.name.endsWith(".dbg.json")) continue;
    const artifact = JSON.parse(await readFile(path.join(entry.parentPath, entry.name), "utf8")) as Partial<Artifact>;
    if (typeof artifact._format !== "string" || !artifact._format.startsWith("hh")) continue;
    const { contractName, sourceName, bytecode } = artifact as Artifact;
    if (
      !sourceName.startsWith("contracts/") ||
      sourceName.startsWith("contracts/mocks/") ||
      sourceName.endsWith(".t.sol")
    ) {
      continue;
    }
    if (bytecode === "0x" || bytecode === "") continue; // interfaces and abstract contracts
    const other = found.get(contractName);
    if (other !== undefined) {
      throw new Error(`Two contracts are named ${contractName} (${other.sourceName}, ${sourceName}); rename one.`);
    }
    found.set(contractName, artifact as Artifact);
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

async function readDeployments(deploymentsDir: string): Promise<DeploymentFile[]> {
  if (!existsSync(deploymentsDir)) return [];
  const deployments: DeploymentFile[] = [];
  for (const name of (await readdir(deploymentsDir)).filter((n) => /^\d+\.json$/.test(n))) {
    const file = path.join(deploymentsDir, name);
    const deployment = JSON.parse(await readFile(file, "utf8")) as DeploymentFile;
    if (
      deployment.chainId !== Number(name.slice(0, -".json".length)) ||
      !Number.isInteger(deployment.startBlock) ||
      typeof deployment.contracts !== "object"
    ) {
      throw new Error(`${file} is not a deployment file (expected { chainId, startBlock, deployedAt, contracts }).`);
    }
    for (const [contract, { address }] of Object.entries(deployment.contracts)) {
      if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`${file}: ${contract} has no valid address.`);
    }
    deployments.push(deployment);
  }
  return deployments.sort((a, b) => a.chainId - b.chainId);
}

/** `DCXToken` → `dcxTokenAbi`, `SLAEnforcement` → `slaEnforcementAbi`, `EscrowManager` → `escrowManagerAbi`. */
export function abiConstName(contractName: string): string {
  const match = /^([A-Z]+)(?=[A-Z][a-z]|$)/.exec(contractName);
  const head = match?.[1] ?? contractName.slice(0, 1);
  return `${head.toLowerCase()}${contractName.slice(head.length)}Abi`;
}

function renderAbis(artifacts: Map<string, Artifact>): string {
  const lines = [HEADER + " from the compiled artifacts.", ""];
  for (const [name, artifact] of artifacts) {
    lines.push(`/** ABI of \`${name}\` (${artifact.sourceName}). */`);
    lines.push(`export const ${abiConstName(name)} = ${JSON.stringify(artifact.abi, null, 2)} as const;`, "");
  }
  lines.push("/** Every deployable contract's ABI, by contract name. */");
  lines.push("export const abis = {");
  for (const name of artifacts.keys()) lines.push(`  ${name}: ${abiConstName(name)},`);
  lines.push("} as const;", "");
  return lines.join("\n");
}

function renderDeployedContracts(deployments: DeploymentFile[], artifacts: Map<string, Artifact>): string {
  const lines = [
    HEADER + " from deployments/*.json.",
    "",
    'import type { DeployedContracts } from "../contracts/types.js";',
    "",
    "/** Where each contract is deployed, by chain id: its address and the block to index its events from. */",
    "export const deployedContracts = {",
  ];
  for (const deployment of deployments) {
    lines.push(`  ${deployment.chainId}: {`);
    for (const [name, { address }] of Object.entries(deployment.contracts).sort(([a], [b]) => a.localeCompare(b))) {
      if (!artifacts.has(name)) continue;
      lines.push(`    ${name}: { address: "${address}", startBlock: ${deployment.startBlock}n },`);
    }
    lines.push("  },");
  }
  lines.push("} as const satisfies DeployedContracts;", "");
  return lines.join("\n");
}

/** True when this file is the script being run (`tsx scripts/generateAbis.ts` or `hardhat run scripts/generateAbis.ts`). */
function isEntryPoint(): boolean {
  const self = fileURLToPath(import.meta.url);
  return process.argv.slice(1).some((arg) => path.resolve(arg) === self);
}

if (isEntryPoint()) {
  console.log("Generating sdk ABIs and deployed contracts…");
  await generateAbis();
}
