import { abis, stringToBytes32 } from "@dcx/sdk";
import { encodeFunctionData, keccak256, stringToHex, type Address, type Hash } from "viem";
import type { dcx } from "./dcx.js";
import type { LocalChain } from "./localChain.js";

type Dcx = ReturnType<typeof dcx>;

export const SLA_TERMS = { uptimeTargetBps: 9_900, penaltyBps: 1_000, p95LatencyMs: 200, periodLength: 300 };

/** The listings of {@link buildMarket}, in listing order (ids 1..6). */
export const LISTINGS = [
  { provider: 1, region: "eu-west-1", capacity: 2, price: 10n ** 14n, cpu: 2_000, memory: 4_096, gpu: 0 },
  { provider: 1, region: "us-east-1", capacity: 1, price: 3n * 10n ** 14n, cpu: 8_000, memory: 16_384, gpu: 1 },
  { provider: 1, region: "eu-west-1", capacity: 1, price: 5n * 10n ** 13n, cpu: 1_000, memory: 2_048, gpu: 0 },
  { provider: 2, region: "ap-south-1", capacity: 1, price: 2n * 10n ** 14n, cpu: 4_000, memory: 8_192, gpu: 2 },
  { provider: 2, region: "us-east-1", capacity: 3, price: 10n ** 13n, cpu: 1_000, memory: 65_536, gpu: 0 },
  { provider: 3, region: "eu-west-1", capacity: 1, price: 4n * 10n ** 14n, cpu: 16_000, memory: 32_768, gpu: 4 },
] as const;

export type Market = Awaited<ReturnType<typeof buildMarket>>;

/**
 * A market with something of everything, built on the real contracts (accounts: 1-3 providers,
 * 4-6 consumers, 7-8 schedulers, 9 the SLA reporter):
 * - resources 1-6 ({@link LISTINGS}); 3 is set inactive; provider 3 deregisters (resource 6 unbookable);
 * - bookings: 1 active (R1), 2 active (R2, now full), 3 ended (R4, now full), 4 expired (R5),
 *   5 cancelled (R5), 6 completed (R5), 7 reclaimed (R1), 8 requested (R5) — chain time is moved
 *   ~1000 s ahead of the wall clock on the way;
 * - SLA reports: booking 1 period 0 applied (met), booking 1 period 1 pending, booking 3 period 0
 *   applied (violated): provider 1's reputation goes up, provider 2's down;
 * - provider 1 withdraws booking 1's earnings;
 * - receipt batches: 1, 2 anchored by account 7 for provider 1, 3 by account 8 for provider 2;
 * - governance: a proposal voted, queued and executed (platform fee 3%), then one left pending.
 */
export async function buildMarket(chain: LocalChain, d: Dcx) {
  const [deployer, p1, p2, p3, c1, c2, c3, s1, s2, reporter] = chain.accounts;
  const providers = [p1, p2, p3];
  for (const a of [p1, p2, p3, c1, c2, c3]) await d.fund(a);
  for (const p of providers) await d.registerProvider(p);

  const resourceIds: bigint[] = [];
  for (const l of LISTINGS) {
    const spec = {
      cpuMillicores: l.cpu,
      memoryMB: l.memory,
      storageGB: 50,
      gpuCount: l.gpu,
      capacity: l.capacity,
      region: stringToBytes32(l.region),
    };
    await d.write(providers[l.provider - 1], "ResourceMarketplace", "listResource", [spec, l.price, SLA_TERMS]);
    resourceIds.push((await d.read("ResourceMarketplace", "resourceCount")) as bigint);
  }
  await d.setActive(p1, 3n, false);
  await d.write(p3, "ResourceMarketplace", "deregisterProvider", []);

  const b1 = await d.book(c1, 1n, 36_000n);
  await d.activate(p1, b1);
  const b2 = await d.book(c2, 2n, 36_000n);
  await d.activate(p1, b2);
  const b3 = await d.book(c2, 4n, 600n);
  await d.activate(p2, b3);
  const b4 = await d.book(c3, 5n, 3_600n);
  const b5 = await d.book(c3, 5n, 3_600n);
  await d.cancel(c3, b5);
  const b6 = await d.book(c3, 5n, 300n);
  await d.activate(p2, b6);
  const b7 = await d.book(c2, 1n, 3_600n);

  // Past the provisioning window (600 s) and the ends of bookings 3 and 6.
  await chain.testClient.increaseTime({ seconds: 700 });
  await chain.testClient.mine({ blocks: 1 });
  await d.write(c2, "ResourceMarketplace", "reclaimBooking", [b7]);
  await d.write(c3, "ResourceMarketplace", "completeBooking", [b6]);

  await d.write(reporter, "SLAEnforcement", "submitReport", [b1, 0n, 9_995, 100]);
  await d.write(reporter, "SLAEnforcement", "submitReport", [b3, 0n, 9_000, 100]);
  await d.write(reporter, "SLAEnforcement", "submitReport", [b1, 1n, 9_990, 150]);
  // Past the dispute window (300 s): apply two of the three.
  await chain.testClient.increaseTime({ seconds: 301 });
  await chain.testClient.mine({ blocks: 1 });
  await d.write(c1, "SLAEnforcement", "applyReport", [b1, 0n]);
  await d.write(c1, "SLAEnforcement", "applyReport", [b3, 0n]);

  await d.write(p1, "EscrowManager", "withdraw", [b1]);

  const now = Number((await chain.publicClient.getBlock()).timestamp);
  await d.write(p1, "ReceiptRegistry", "authorizeScheduler", [s1]);
  await d.write(p2, "ReceiptRegistry", "authorizeScheduler", [s2]);
  const roots = ["batch-1", "batch-2", "batch-3"].map((s) => keccak256(stringToHex(s)));
  const batchTx: Hash[] = [];
  batchTx.push(
    await d.write(s1, "ReceiptRegistry", "anchorBatch", [roots[0], 10, now - 100, now - 50, 0n, "ipfs://batch/1"]),
  );
  batchTx.push(
    await d.write(s1, "ReceiptRegistry", "anchorBatch", [roots[1], 5, now - 50, now - 10, 1n, "ipfs://batch/2"]),
  );
  batchTx.push(
    await d.write(s2, "ReceiptRegistry", "anchorBatch", [roots[2], 3, now - 30, now - 20, 0n, "ipfs://batch/3"]),
  );

  // Governance: one proposal carried through vote, queue and execution (the platform fee), one left pending.
  await d.write(deployer, "DCXToken", "delegate", [deployer]);
  await chain.testClient.mine({ blocks: 1 });
  const executed = {
    targets: [chain.contracts.EscrowManager],
    values: [0n],
    calldatas: [encodeFunctionData({ abi: abis.EscrowManager, functionName: "setPlatformFee", args: [300] })],
    description: "Set the platform fee to 3%",
  };
  await d.write(deployer, "DCXGovernor", "propose", [
    executed.targets,
    executed.values,
    executed.calldatas,
    executed.description,
  ]);
  const executedId = (await d.read("DCXGovernor", "hashProposal", [
    executed.targets,
    executed.values,
    executed.calldatas,
    keccak256(stringToHex(executed.description)),
  ])) as bigint;
  await chain.testClient.mine({ blocks: 2 });
  await d.write(deployer, "DCXGovernor", "castVote", [executedId, 1]);
  await chain.testClient.mine({ blocks: 21 });
  const descriptionHash = keccak256(stringToHex(executed.description));
  await d.write(deployer, "DCXGovernor", "queue", [
    executed.targets,
    executed.values,
    executed.calldatas,
    descriptionHash,
  ]);
  await chain.testClient.increaseTime({ seconds: 61 });
  await chain.testClient.mine({ blocks: 1 });
  await d.write(deployer, "DCXGovernor", "execute", [
    executed.targets,
    executed.values,
    executed.calldatas,
    descriptionHash,
  ]);
  const pendingDescription = "Raise the minimum stake to 2000 DCX";
  const calldata = encodeFunctionData({
    abi: abis.ResourceMarketplace,
    functionName: "setMinStake",
    args: [2_000n * 10n ** 18n],
  });
  await d.write(deployer, "DCXGovernor", "propose", [
    [chain.contracts.ResourceMarketplace],
    [0n],
    [calldata],
    pendingDescription,
  ]);

  // Last, so that it is still within its provisioning window.
  const b8 = await d.book(c1, 5n, 3_600n);

  return {
    deployer,
    providers: providers as [Address, Address, Address],
    consumers: [c1, c2, c3] as [Address, Address, Address],
    schedulers: [s1, s2] as [Address, Address],
    reporter,
    resourceIds,
    bookingIds: [b1, b2, b3, b4, b5, b6, b7, b8],
    roots,
    batchTx,
    proposals: {
      executed: { id: executedId, description: executed.description },
      pending: { description: pendingDescription },
    },
  };
}
