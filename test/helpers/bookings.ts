import type { Signer } from "ethers";
import { encodeBytes32String, id } from "ethers";
import type { DCXToken, EscrowManager, ResourceMarketplace } from "../../types/ethers-contracts/index.js";
import type { IResourceMarketplace } from "../../types/ethers-contracts/marketplace/ResourceMarketplace.js";

/**
 * Booking set-up steps shared by tests: register a provider, list a resource, book it, activate it.
 * Self-contained: it needs only the token, the marketplace and the escrow, and signers that hold tokens.
 */

export interface BookingContracts {
  token: DCXToken;
  marketplace: ResourceMarketplace;
  escrow: EscrowManager;
}

export type ResourceSpec = IResourceMarketplace.ResourceSpecStruct;
export type SLATerms = IResourceMarketplace.SLATermsStruct;

/** A small resource: 2 vCPU, 4 GiB, capacity 4, in eu-west-1. */
export const DEFAULT_SPEC = {
  cpuMillicores: 2_000,
  memoryMB: 4_096,
  storageGB: 50,
  gpuCount: 0,
  capacity: 4,
  region: encodeBytes32String("eu-west-1"),
} as const satisfies ResourceSpec;

/** 99.90% uptime, p95 ≤ 200 ms, 10% penalty, one-hour periods. */
export const DEFAULT_SLA = {
  uptimeTargetBps: 9_990,
  penaltyBps: 1_000,
  p95LatencyMs: 200,
  periodLength: 3_600,
} as const satisfies SLATerms;

/** 0.001 DCX per second. */
export const DEFAULT_PRICE = 10n ** 15n;

export const DEFAULT_ENDPOINT_HASH = id("https://node.example/booking");

/** Registers `provider` with `stake` (default: the marketplace's minimum stake). */
export async function registerProvider(
  { token, marketplace }: BookingContracts,
  provider: Signer,
  stake?: bigint,
  metadataURI = "ipfs://provider",
): Promise<bigint> {
  const amount = stake ?? (await marketplace.minStake());
  await (await token.connect(provider).approve(await marketplace.getAddress(), amount)).wait();
  await (await marketplace.connect(provider).registerProvider(amount, metadataURI)).wait();
  return amount;
}

export interface ListResourceOptions {
  spec?: Partial<ResourceSpec>;
  price?: bigint;
  sla?: Partial<SLATerms>;
}

/** Lists a resource owned by `provider` (already registered) and returns its id. */
export async function listResource(
  { marketplace }: BookingContracts,
  provider: Signer,
  { spec = {}, price = DEFAULT_PRICE, sla = {} }: ListResourceOptions = {},
): Promise<bigint> {
  await (
    await marketplace.connect(provider).listResource({ ...DEFAULT_SPEC, ...spec }, price, {
      ...DEFAULT_SLA,
      ...sla,
    })
  ).wait();
  return marketplace.resourceCount();
}

/** Approves the escrow and books `resourceId` for `duration` seconds as `consumer`; returns the booking id. */
export async function bookResource(
  { token, marketplace, escrow }: BookingContracts,
  consumer: Signer,
  resourceId: bigint,
  duration: bigint,
): Promise<bigint> {
  const { pricePerSecond } = await marketplace.getResource(resourceId);
  await (await token.connect(consumer).approve(await escrow.getAddress(), pricePerSecond * duration)).wait();
  await (await marketplace.connect(consumer).book(resourceId, duration, pricePerSecond)).wait();
  return marketplace.bookingCount();
}

/** Activates a Requested booking as its provider; returns the stream's start and end. */
export async function activateBooking(
  { marketplace, escrow }: BookingContracts,
  provider: Signer,
  bookingId: bigint,
  endpointHash = DEFAULT_ENDPOINT_HASH,
): Promise<{ start: bigint; end: bigint }> {
  await (await marketplace.connect(provider).activateBooking(bookingId, endpointHash)).wait();
  const stream = await escrow.getStream(bookingId);
  return { start: stream.start, end: stream.end };
}

export interface ActiveBookingOptions extends ListResourceOptions {
  /** Seconds booked. Default: one SLA period. */
  duration?: bigint;
  /** Register the provider first (default true). */
  register?: boolean;
  stake?: bigint;
}

/** Registers (optionally), lists, books and activates: the common path to a streaming booking. */
export async function activeBooking(
  contracts: BookingContracts,
  provider: Signer,
  consumer: Signer,
  options: ActiveBookingOptions = {},
): Promise<{
  resourceId: bigint;
  bookingId: bigint;
  start: bigint;
  end: bigint;
  price: bigint;
}> {
  const { register = true, stake, duration, ...listing } = options;
  if (register) await registerProvider(contracts, provider, stake);
  const resourceId = await listResource(contracts, provider, listing);
  const periodLength = BigInt(listing.sla?.periodLength ?? DEFAULT_SLA.periodLength);
  const bookingId = await bookResource(contracts, consumer, resourceId, duration ?? periodLength);
  const { start, end } = await activateBooking(contracts, provider, bookingId);
  return {
    resourceId,
    bookingId,
    start,
    end,
    price: listing.price ?? DEFAULT_PRICE,
  };
}
