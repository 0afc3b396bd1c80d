/**
 * Seeds the local chain with demo data so a newcomer sees a live marketplace: three providers
 * with stakes, a dozen listings across regions, and a few bookings (one activated).
 * Runs after `scripts/deploy.ts`; does nothing when listings already exist.
 *
 *   hardhat run scripts/seed.ts --network localhost
 */
import { readFileSync } from "node:fs";
import { encodeBytes32String, keccak256, parseEther, toUtf8Bytes } from "ethers";
import { network } from "hardhat";
import type { DCXToken, EscrowManager, ReceiptRegistry, ResourceMarketplace } from "../types/ethers-contracts/index.js";

const { ethers } = await network.create();
const chainId = Number((await ethers.provider.getNetwork()).chainId);
const deploymentsDir = process.env.DCX_DEPLOYMENTS_DIR ?? new URL("../deployments/", import.meta.url).pathname;
const deployment = JSON.parse(readFileSync(`${deploymentsDir}/${chainId}.json`, "utf8")) as {
  contracts: Record<string, { address: string }>;
};
const at = async <T>(name: string) =>
  (await ethers.getContractAt(name, deployment.contracts[name].address)) as unknown as T;
const token = await at<DCXToken>("DCXToken");
const escrow = await at<EscrowManager>("EscrowManager");
const marketplace = await at<ResourceMarketplace>("ResourceMarketplace");
const registry = await at<ReceiptRegistry>("ReceiptRegistry");

if ((await marketplace.resourceCount()) > 0n) {
  console.log("seed: listings already exist, nothing to do");
} else {
  const [deployer, ...accounts] = await ethers.getSigners();
  const providers = accounts.slice(0, 3);
  const consumers = accounts.slice(3, 5);
  const minStake = await marketplace.minStake();

  console.log("seed: funding accounts");
  for (const account of [...providers, ...consumers]) {
    await (await token.connect(deployer).transfer(account.address, parseEther("100000"))).wait();
  }

  const REGIONS = ["eu-west-1", "us-east-1", "ap-south-1", "eu-central-1"];
  const SHAPES = [
    { cpuMillicores: 2_000, memoryMB: 4_096, storageGB: 50, gpuCount: 0, pricePerHour: "0.36" },
    { cpuMillicores: 4_000, memoryMB: 16_384, storageGB: 200, gpuCount: 0, pricePerHour: "1.44" },
    { cpuMillicores: 8_000, memoryMB: 32_768, storageGB: 500, gpuCount: 1, pricePerHour: "7.2" },
    { cpuMillicores: 16_000, memoryMB: 65_536, storageGB: 1_000, gpuCount: 4, pricePerHour: "32.4" },
  ];

  console.log("seed: registering 3 providers and listing 12 resources");
  for (const [i, provider] of providers.entries()) {
    const stake = minStake * BigInt(2 + i);
    await (await token.connect(provider).approve(await marketplace.getAddress(), stake)).wait();
    await (
      await marketplace.connect(provider).registerProvider(stake, `ipfs://dcx-demo/provider-${i + 1}.json`)
    ).wait();
    for (let j = 0; j < 4; j++) {
      const shape = SHAPES[(i + j) % SHAPES.length];
      const spec = {
        cpuMillicores: shape.cpuMillicores,
        memoryMB: shape.memoryMB,
        storageGB: shape.storageGB,
        gpuCount: shape.gpuCount,
        capacity: 2 + j,
        region: encodeBytes32String(REGIONS[(i + j) % REGIONS.length]),
      };
      const sla = {
        uptimeTargetBps: 9_900 + 25 * i,
        penaltyBps: 1_000 + 500 * j,
        p95LatencyMs: 100 + 50 * j,
        periodLength: 300,
      };
      await (
        await marketplace.connect(provider).listResource(spec, parseEther(shape.pricePerHour) / 3_600n, sla)
      ).wait();
    }
  }

  console.log("seed: booking three resources");
  for (const [k, resourceId] of [1n, 2n, 5n].entries()) {
    const consumer = consumers[k % consumers.length];
    const resource = await marketplace.getResource(resourceId);
    const duration = 3_600n * BigInt(k + 1);
    await (await token.connect(consumer).approve(await escrow.getAddress(), resource.pricePerSecond * duration)).wait();
    await (await marketplace.connect(consumer).book(resourceId, duration, resource.pricePerSecond)).wait();
  }
  const first = await marketplace.getResource(1n);
  const owner = providers.find((p) => p.address === first.provider)!;
  await (
    await marketplace.connect(owner).activateBooking(1n, keccak256(toUtf8Bytes("http://127.0.0.1/demo/1")))
  ).wait();
  console.log(
    `seed: done (${await marketplace.resourceCount()} listings, ${await marketplace.bookingCount()} bookings)`,
  );
}

// Schedulers: accounts #10, #11, #12 anchor the receipt batches of providers #1, #2, #3 (their keys are
// Hardhat's public test keys, which scripts/start.ts passes to the backend as RECEIPTS_SCHEDULER_KEYS).
{
  const signers = await ethers.getSigners();
  for (const [i, provider] of signers.slice(1, 4).entries()) {
    const scheduler = signers[10 + i]!;
    if (!(await marketplace.isProvider(provider.address))) continue;
    const current = await registry.providerOf(scheduler.address);
    if (current !== ethers.ZeroAddress) continue;
    await (await registry.connect(provider).authorizeScheduler(scheduler.address)).wait();
    console.log(`seed: ${scheduler.address} anchors receipts for provider ${provider.address}`);
  }
}
