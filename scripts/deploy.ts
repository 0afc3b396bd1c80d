/**
 * Deploys D-CloudX with the Ignition module and records the deployment for the sdk, backend and frontend.
 *
 *   npx hardhat run scripts/deploy.ts                      in-process chain (gone when the script exits)
 *   npx hardhat run scripts/deploy.ts --network localhost  the `hardhat node` that `npm start` runs
 *   npx hardhat run scripts/deploy.ts --network remote     DCX_RPC_URL / DCX_DEPLOYER_KEY, DCX_REPORTERS
 *
 * On chain 31337 the parameters are short (provision window 10 min, dispute window 5 min, timelock
 * 1 min, voting 1 + 20 blocks, account #9 the only SLA reporter); elsewhere the module's defaults
 * apply and the SLA reporters come from `DCX_REPORTERS` (comma-separated addresses; quorum
 * `DCX_REPORTER_QUORUM`, default 1).
 *
 * Writes `deployments/<chainId>.json` = { chainId, startBlock, deployedAt, contracts: { Name: { address, abi } } },
 * `startBlock` being the block before the first deployment transaction (where indexers start),
 * then regenerates `sdk/src/generated/` (see `generateAbis.ts`).
 *
 * Re-running against a chain that already has the deployment is a no-op (Ignition resumes from its
 * journal in `ignition/deployments/chain-<id>/`) and keeps the recorded `startBlock`. On chain 31337
 * a journal whose contracts are gone (the node was restarted) is discarded first.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { artifacts, config, network } from "hardhat";
import DCloudXModule from "../ignition/modules/DCloudX.js";
import { type DeploymentFile, generateAbis } from "./generateAbis.js";

const LOCAL_CHAIN_ID = 31_337;
const DCX = 10n ** 18n;

type Parameters = Record<string, bigint | string | string[]>;

const connection = await network.create();
const { ethers, ignition } = connection;
const chainId = Number((await ethers.provider.getNetwork()).chainId);
const signers = await ethers.getSigners();
const deployer = signers[0];
if (deployer === undefined) throw new Error(`No account to deploy from on ${connection.networkName}.`);

const parameters = chainId === LOCAL_CHAIN_ID ? localParameters() : remoteParameters();
const inProcess = connection.networkConfig.type === "edr-simulated";

console.log(`Deploying D-CloudX to ${connection.networkName} (chain ${chainId}) from ${deployer.address}`);
if (inProcess) {
  console.log(
    "  note: this is the in-process chain, which ends with this script; use --network localhost for `hardhat node`.",
  );
}
for (const [name, value] of Object.entries(parameters)) console.log(`  ${name.padEnd(20)} ${format(value)}`);

// DCX_DEPLOYMENTS_DIR: an ephemeral deployment (tests, benchmarks) recorded elsewhere, with its own
// Ignition journal that is removed afterwards, leaving the repository's deployment and sdk untouched.
const ephemeralDir = process.env.DCX_DEPLOYMENTS_DIR;
const deploymentId = ephemeralDir ? `ephemeral-${chainId}-${process.pid}-${Date.now()}` : undefined;
const journalDir = path.join(config.paths.ignition, "deployments", deploymentId ?? `chain-${chainId}`);
if (chainId === LOCAL_CHAIN_ID && !inProcess && !ephemeralDir) await discardStaleLocalJournal(journalDir);
const resuming = !inProcess && !ephemeralDir && existsSync(journalDir);

const blockBefore = await ethers.provider.getBlockNumber();
const deployed = await ignition.deploy(DCloudXModule, {
  parameters: { DCloudX: parameters },
  displayUi: !ephemeralDir && process.stdout.isTTY === true,
  deploymentId,
});
if (ephemeralDir) await rm(journalDir, { recursive: true, force: true });

console.log("Recording the deployment…");
const contracts: DeploymentFile["contracts"] = {};
for (const [key, future] of Object.entries(DCloudXModule.results)) {
  const contract = deployed[key as keyof typeof deployed];
  const { abi } = await artifacts.readArtifact(future.contractName);
  contracts[future.contractName] = { address: await contract.getAddress(), abi };
}

const file = path.join(ephemeralDir ?? path.join(config.paths.root, "deployments"), `${chainId}.json`);
const previous = await readPrevious(file);
// Ignition reused an earlier deployment (same journal, same addresses): keep what was recorded then.
const sameAddresses =
  previous !== undefined &&
  Object.entries(contracts).every(([name, { address }]) => previous.contracts[name]?.address === address);
const sameAsPrevious = resuming && sameAddresses;
const startBlock = sameAsPrevious
  ? previous.startBlock
  : resuming
    ? Math.min(blockBefore, (await firstJournalBlock(journalDir)) ?? blockBefore)
    : blockBefore;
// A fresh local chain redeploys to the same addresses at the same block: keep the file unchanged
// then, so `npm start` does not leave a modified deployments/31337.json behind.
const keepDate =
  previous !== undefined &&
  (sameAsPrevious || (chainId === LOCAL_CHAIN_ID && sameAddresses && previous.startBlock === startBlock));
const deployment: DeploymentFile = {
  chainId,
  startBlock,
  deployedAt: keepDate ? previous.deployedAt : new Date().toISOString(),
  contracts,
};
await mkdir(path.dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify(deployment, null, 2)}\n`);

console.log(
  `  ✓ ${path.relative(config.paths.root, file)} (start block ${startBlock}${sameAsPrevious ? ", unchanged" : ""})`,
);
for (const [name, { address }] of Object.entries(contracts)) console.log(`    ${name.padEnd(20)} ${address}`);

if (!ephemeralDir) console.log("Generating sdk ABIs and deployed contracts…");
if (!ephemeralDir) await generateAbis({ root: config.paths.root, artifactsDir: config.paths.artifacts });
await connection.close();

/** Short windows so a local lifecycle (book, activate, report, dispute, vote) fits in minutes. */
function localParameters(): Parameters {
  const reporter = signers[9];
  if (reporter === undefined) throw new Error("The local chain needs at least 10 accounts (account #9 reports SLAs).");
  return {
    minStake: 1_000n * DCX,
    provisionWindow: 600n,
    disputeWindow: 300n,
    timelockDelay: 60n,
    votingDelay: 1n,
    votingPeriod: 20n,
    reporters: [reporter.address],
    reporterQuorum: 1n,
  };
}

/** The module's defaults, with the SLA reporters from the environment. */
function remoteParameters(): Parameters {
  const reporters = (process.env.DCX_REPORTERS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (reporters.length === 0) {
    throw new Error(
      `Set DCX_REPORTERS to the SLA reporters' addresses (comma-separated) to deploy on chain ${chainId}.`,
    );
  }
  for (const reporter of reporters) {
    if (!ethers.isAddress(reporter)) throw new Error(`DCX_REPORTERS: "${reporter}" is not an address.`);
  }
  const quorum = BigInt(process.env.DCX_REPORTER_QUORUM ?? "1");
  if (quorum < 1n || quorum > BigInt(reporters.length)) {
    throw new Error(`DCX_REPORTER_QUORUM must be between 1 and ${reporters.length} (the number of reporters).`);
  }
  return { reporters: reporters.map((r) => ethers.getAddress(r)), reporterQuorum: quorum };
}

/**
 * A `hardhat node` forgets everything when it restarts, but Ignition's journal for chain 31337 stays
 * on disk and would make Ignition believe the contracts exist. Drop the journal if they do not.
 */
async function discardStaleLocalJournal(dir: string): Promise<void> {
  const addressesFile = path.join(dir, "deployed_addresses.json");
  if (!existsSync(dir)) return;
  const addresses = existsSync(addressesFile)
    ? (Object.values(JSON.parse(await readFile(addressesFile, "utf8"))) as string[])
    : [];
  const codes = await Promise.all(addresses.map((a) => ethers.provider.getCode(a)));
  if (addresses.length > 0 && codes.every((code) => code !== "0x")) return;
  console.log(
    `  note: ${path.relative(config.paths.root, dir)} describes contracts this node does not have; starting afresh.`,
  );
  await rm(dir, { recursive: true, force: true });
}

/** The earliest block of a transaction Ignition recorded, for a deployment resumed after a failure. */
async function firstJournalBlock(dir: string): Promise<number | undefined> {
  const journal = path.join(dir, "journal.jsonl");
  if (!existsSync(journal)) return undefined;
  let first: number | undefined;
  for (const line of (await readFile(journal, "utf8")).split("\n")) {
    const match = /"blockNumber":\s*"?(\d+)/.exec(line);
    if (match?.[1] !== undefined) first = Math.min(first ?? Infinity, Number(match[1]) - 1);
  }
  return first;
}

async function readPrevious(file: string): Promise<DeploymentFile | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, "utf8")) as DeploymentFile;
  } catch {
    return undefined;
  }
}

function format(value: Parameters[string]): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "bigint" && value >= DCX && value % DCX === 0n) return `${value / DCX} DCX`;
  return value.toString();
}
