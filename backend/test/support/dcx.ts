import { abis, stringToBytes32 } from "@dcx/sdk";
import { keccak256, parseEther, stringToHex, type Address, type Hash } from "viem";
import { hardhat } from "viem/chains";
import type { LocalChain } from "./localChain.js";

type Name = keyof typeof abis;

/**
 * Drives the real contracts on a local chain from the node's unlocked accounts:
 * 0 deployer (holds the supply), 1-3 providers, 4-6 consumers, 9 SLA reporter.
 */
export function dcx(chain: LocalChain) {
  const { walletClient, publicClient, contracts, accounts } = chain;
  const [deployer] = accounts;

  async function write(account: Address, name: Name, functionName: string, args: unknown[]): Promise<Hash> {
    const hash = await walletClient.writeContract({
      account,
      chain: hardhat,
      address: contracts[name],
      abi: abis[name],
      functionName,
      args,
    } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${name}.${functionName} reverted`);
    return hash;
  }

  const read = (name: Name, functionName: string, args: unknown[] = []) =>
    publicClient.readContract({
      address: contracts[name],
      abi: abis[name],
      functionName,
      args,
    } as never) as Promise<unknown>;

  const spec = (region = "eu-west-1", capacity = 4) => ({
    cpuMillicores: 2_000,
    memoryMB: 4_096,
    storageGB: 50,
    gpuCount: 0,
    capacity,
    region: stringToBytes32(region),
  });
  const sla = { uptimeTargetBps: 9_900, penaltyBps: 1_000, p95LatencyMs: 200, periodLength: 300 };

  return {
    accounts,
    write,
    read,
    async fund(account: Address, amount = parseEther("100000")) {
      await write(deployer, "DCXToken", "transfer", [account, amount]);
    },
    async registerProvider(provider: Address, stake = parseEther("1000")) {
      await write(provider, "DCXToken", "approve", [contracts.ResourceMarketplace, stake]);
      await write(provider, "ResourceMarketplace", "registerProvider", [stake, `ipfs://provider/${provider}`]);
    },
    async listResource(
      provider: Address,
      options: {
        region?: string;
        capacity?: number;
        pricePerSecond?: bigint;
        cpuMillicores?: number;
        gpuCount?: number;
      } = {},
    ): Promise<bigint> {
      const s = {
        ...spec(options.region, options.capacity),
        cpuMillicores: options.cpuMillicores ?? 2_000,
        gpuCount: options.gpuCount ?? 0,
      };
      await write(provider, "ResourceMarketplace", "listResource", [s, options.pricePerSecond ?? 10n ** 14n, sla]);
      return (await read("ResourceMarketplace", "resourceCount")) as bigint;
    },
    async book(consumer: Address, resourceId: bigint, duration = 3_600n): Promise<bigint> {
      const resource = (await read("ResourceMarketplace", "getResource", [resourceId])) as { pricePerSecond: bigint };
      await write(consumer, "DCXToken", "approve", [contracts.EscrowManager, resource.pricePerSecond * duration]);
      await write(consumer, "ResourceMarketplace", "book", [resourceId, duration, resource.pricePerSecond]);
      return (await read("ResourceMarketplace", "bookingCount")) as bigint;
    },
    async activate(provider: Address, bookingId: bigint, endpoint = `http://127.0.0.1/booking/${bookingId}`) {
      await write(provider, "ResourceMarketplace", "activateBooking", [bookingId, keccak256(stringToHex(endpoint))]);
    },
    async cancel(consumer: Address, bookingId: bigint) {
      await write(consumer, "ResourceMarketplace", "cancelBooking", [bookingId]);
    },
    async setActive(provider: Address, resourceId: bigint, active: boolean) {
      await write(provider, "ResourceMarketplace", "setResourceActive", [resourceId, active]);
    },
    /** A provider with a listing, and a consumer that booked it: the common starting point. */
    async marketWithBooking() {
      const [, provider, , , consumer] = accounts;
      await this.fund(provider);
      await this.fund(consumer);
      await this.registerProvider(provider);
      const resourceId = await this.listResource(provider);
      const bookingId = await this.book(consumer, resourceId);
      return { provider, consumer, resourceId, bookingId };
    },
  };
}
