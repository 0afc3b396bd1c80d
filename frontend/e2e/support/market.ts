import { abis, type ContractName, stringToBytes32 } from "@dcx/sdk";
import {
  type Address,
  createWalletClient,
  type Hash,
  http,
  keccak256,
  parseEther,
  stringToHex,
  type WalletClient,
} from "viem";
import type { E2eChain } from "./chain.js";
import { testAccount } from "./wallet.js";

/** SLA terms used for seeded listings (99% uptime, 10% penalty, p95 ≤ 200 ms, 5-minute periods). */
export const SEED_SLA = { uptimeTargetBps: 9_900, penaltyBps: 1_000, p95LatencyMs: 200, periodLength: 300 };
const REGIONS = ["eu-west-1", "us-east-1", "ap-south-1", "eu-central-1", "us-west-2"] as const;

/**
 * Drives the contracts from Node with Hardhat test keys (set-up the journeys do not exercise
 * through the UI: funding, other providers' listings, anchoring a receipt batch). Authorizing the
 * node's scheduler key is done through the provider console (`lifecycle/provider.ts`).
 */
export function market(chain: E2eChain) {
  const clients = new Map<number, WalletClient>();
  const client = (index: number): WalletClient => {
    let c = clients.get(index);
    if (!c) {
      c = createWalletClient({
        account: testAccount(index),
        chain: chain.publicClient.chain,
        transport: http(chain.rpcUrl),
      });
      clients.set(index, c);
    }
    return c;
  };
  const address = (index: number): Address => testAccount(index).address;

  async function write(index: number, name: ContractName, functionName: string, args: unknown[]): Promise<Hash> {
    const hash = await client(index).writeContract({
      address: chain.contracts[name],
      abi: abis[name],
      functionName,
      args,
      chain: chain.publicClient.chain,
      account: testAccount(index),
    } as never);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${name}.${functionName} from account #${index} reverted`);
    return hash;
  }
  const read = (name: ContractName, functionName: string, args: unknown[] = []) =>
    chain.publicClient.readContract({ address: chain.contracts[name], abi: abis[name], functionName, args } as never);

  return {
    address,
    write,
    read,
    /** Sends `amount` DCX from the deployer (account #0, holder of the supply). */
    async fund(index: number, amount = parseEther("100000")) {
      await write(0, "DCXToken", "transfer", [address(index), amount]);
    },
    /** Approves and registers account `index` as a provider with `stake` DCX. */
    async registerProvider(index: number, stake = parseEther("1000")) {
      await write(index, "DCXToken", "approve", [chain.contracts.ResourceMarketplace, stake]);
      await write(index, "ResourceMarketplace", "registerProvider", [stake, `ipfs://provider/${address(index)}`]);
    },
    /** Lists `count` varied resources from provider `index` (region, cpu, memory, gpu and price cycle). */
    async listMany(index: number, count: number, offset = 0): Promise<void> {
      for (let i = offset; i < offset + count; i++) {
        const spec = {
          cpuMillicores: 1_000 * (1 + (i % 16)),
          memoryMB: 1_024 * (1 + (i % 32)),
          storageGB: 20 + (i % 10) * 10,
          gpuCount: i % 5 === 0 ? 1 + (i % 3) : 0,
          capacity: 1 + (i % 4),
          region: stringToBytes32(REGIONS[i % REGIONS.length]!),
        };
        await write(index, "ResourceMarketplace", "listResource", [spec, 10n ** 13n * BigInt(1 + (i % 50)), SEED_SLA]);
      }
    },
    /** Authorizes `scheduler` for provider `provider` and anchors a batch root; returns the batch id and tx. */
    async anchorBatch(provider: number, scheduler: number, root: Hash, count: number, firstTs: number, lastTs: number) {
      await write(provider, "ReceiptRegistry", "authorizeScheduler", [address(scheduler)]);
      const hash = await write(scheduler, "ReceiptRegistry", "anchorBatch", [
        root,
        count,
        firstTs,
        lastTs,
        0n,
        "e2e://batch",
      ]);
      const batchId = (await read("ReceiptRegistry", "batchCount")) as bigint;
      return { batchId, hash };
    },
    /** `keccak256` of an endpoint URL, as `activateBooking` takes it. */
    endpointHash: (endpoint: string) => keccak256(stringToHex(endpoint)),
  };
}
