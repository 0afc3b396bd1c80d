import { eq, sql } from "drizzle-orm";
import { hexToString } from "viem";
import { bookings, parameters, providers, resources } from "../../database/schema.js";
import { defineHandlers, type HandlerContext, type IndexedEvent } from "../types.js";

const n = (v: bigint | number) => Number(v);
const lower = (a: string) => a.toLowerCase();

/** Decodes a right-padded bytes32 region code. */
export function regionToString(region: `0x${string}`): string {
  return hexToString(region, { size: 32 }).replace(/\0+$/, "");
}

async function setStakeHolds({ tx }: HandlerContext, provider: string, holds: bigint, block: bigint) {
  await tx
    .update(providers)
    .set({ stakeHolds: Number(holds), updatedBlock: n(block) })
    .where(eq(providers.address, lower(provider)));
}

async function setParameter({ tx }: HandlerContext, name: string, value: string, block: bigint) {
  await tx
    .insert(parameters)
    .values({ name, value, updatedBlock: n(block) })
    .onConflictDoUpdate({ target: parameters.name, set: { value, updatedBlock: n(block) } });
}

async function setProviderStake({ tx }: HandlerContext, e: IndexedEvent, provider: string, stake: bigint) {
  await tx
    .update(providers)
    .set({ stake: stake.toString(), updatedBlock: n(e.blockNumber) })
    .where(eq(providers.address, lower(provider)));
}

type Spec = {
  cpuMillicores: number;
  memoryMB: number;
  storageGB: number;
  gpuCount: number;
  capacity: number;
  region: `0x${string}`;
};
type Terms = { uptimeTargetBps: number; penaltyBps: number; p95LatencyMs: number; periodLength: number };

function listingColumns(price: bigint, spec: Spec, sla: Terms) {
  return {
    pricePerSecond: price.toString(),
    cpuMillicores: spec.cpuMillicores,
    memoryMb: spec.memoryMB,
    storageGb: spec.storageGB,
    gpuCount: spec.gpuCount,
    capacity: spec.capacity,
    region: regionToString(spec.region),
    uptimeTargetBps: sla.uptimeTargetBps,
    penaltyBps: sla.penaltyBps,
    p95LatencyMs: sla.p95LatencyMs,
    periodLength: sla.periodLength,
  };
}

/** Frees a booking's capacity and provider slot when it reaches a terminal state. */
async function closeBooking({ tx }: HandlerContext, e: IndexedEvent, bookingId: bigint, state: string) {
  const [b] = await tx
    .update(bookings)
    .set({ state, updatedBlock: n(e.blockNumber) })
    .where(eq(bookings.id, n(bookingId)))
    .returning({ resourceId: bookings.resourceId, provider: bookings.provider });
  if (!b) return;
  await tx
    .update(resources)
    .set({ inUse: sql`${resources.inUse} - 1` })
    .where(eq(resources.id, b.resourceId));
  await tx
    .update(providers)
    .set({ openBookings: sql`${providers.openBookings} - 1` })
    .where(eq(providers.address, b.provider));
}

export const marketplaceHandlers = defineHandlers("ResourceMarketplace", {
  ProviderRegistered: async ({ tx }, e) => {
    const row = {
      registered: true,
      stake: e.args.stake.toString(),
      metadataUri: e.args.metadataURI,
      registeredAt: n(e.blockTimestamp),
      updatedBlock: n(e.blockNumber),
    };
    await tx
      .insert(providers)
      .values({ address: lower(e.args.provider), ...row })
      .onConflictDoUpdate({ target: providers.address, set: row });
  },
  ProviderMetadataUpdated: async ({ tx }, e) => {
    await tx
      .update(providers)
      .set({ metadataUri: e.args.metadataURI, updatedBlock: n(e.blockNumber) })
      .where(eq(providers.address, lower(e.args.provider)));
  },
  StakeIncreased: (ctx, e) => setProviderStake(ctx, e, e.args.provider, e.args.totalStake),
  StakeWithdrawn: (ctx, e) => setProviderStake(ctx, e, e.args.provider, e.args.totalStake),
  StakeHeld: (ctx, e) => setStakeHolds(ctx, e.args.provider, e.args.stakeHolds, e.blockNumber),
  StakeReleased: (ctx, e) => setStakeHolds(ctx, e.args.provider, e.args.stakeHolds, e.blockNumber),
  StakeSlashed: async (ctx, e) => {
    await ctx.tx
      .update(providers)
      .set({
        stake: e.args.totalStake.toString(),
        slashedTotal: sql`${providers.slashedTotal} + ${e.args.amount.toString()}`,
        updatedBlock: n(e.blockNumber),
      })
      .where(eq(providers.address, lower(e.args.provider)));
  },
  ProviderDeregistered: async ({ tx }, e) => {
    await tx
      .update(providers)
      .set({ registered: false, stake: "0", updatedBlock: n(e.blockNumber) })
      .where(eq(providers.address, lower(e.args.provider)));
  },
  ResourceListed: async ({ tx }, e) => {
    await tx
      .insert(resources)
      .values({
        id: n(e.args.resourceId),
        provider: lower(e.args.provider),
        ...listingColumns(e.args.pricePerSecond, e.args.spec, e.args.sla),
        active: true,
        listedAt: n(e.blockTimestamp),
        updatedBlock: n(e.blockNumber),
      })
      .onConflictDoNothing();
  },
  ResourceUpdated: async ({ tx }, e) => {
    await tx
      .update(resources)
      .set({ ...listingColumns(e.args.pricePerSecond, e.args.spec, e.args.sla), updatedBlock: n(e.blockNumber) })
      .where(eq(resources.id, n(e.args.resourceId)));
  },
  ResourceActiveSet: async ({ tx }, e) => {
    await tx
      .update(resources)
      .set({ active: e.args.active, updatedBlock: n(e.blockNumber) })
      .where(eq(resources.id, n(e.args.resourceId)));
  },
  BookingCreated: async ({ tx }, e) => {
    const { bookingId, resourceId, consumer, provider, pricePerSecond, duration, amount, provisionDeadline } = e.args;
    await tx.insert(bookings).values({
      id: n(bookingId),
      resourceId: n(resourceId),
      consumer: lower(consumer),
      provider: lower(provider),
      state: "requested",
      pricePerSecond: pricePerSecond.toString(),
      duration: n(duration),
      amount: amount.toString(),
      provisionDeadline: n(provisionDeadline),
      createdAt: n(e.blockTimestamp),
      createdBlock: n(e.blockNumber),
      updatedBlock: n(e.blockNumber),
    });
    await tx
      .update(resources)
      .set({ inUse: sql`${resources.inUse} + 1` })
      .where(eq(resources.id, n(resourceId)));
    await tx
      .update(providers)
      .set({ openBookings: sql`${providers.openBookings} + 1` })
      .where(eq(providers.address, lower(provider)));
  },
  BookingActivated: async ({ tx }, e) => {
    await tx
      .update(bookings)
      .set({
        state: "active",
        endpointHash: e.args.endpointHash,
        startTime: n(e.args.start),
        endTime: n(e.args.end),
        updatedBlock: n(e.blockNumber),
      })
      .where(eq(bookings.id, n(e.args.bookingId)));
  },
  BookingExtended: async ({ tx }, e) => {
    await tx
      .update(bookings)
      .set({
        duration: sql`${bookings.duration} + ${n(e.args.extraDuration)}`,
        amount: sql`${bookings.amount} + ${e.args.amount.toString()}`,
        endTime: sql`case when ${bookings.endTime} is null then null else ${bookings.endTime} + ${n(e.args.extraDuration)} end`,
        updatedBlock: n(e.blockNumber),
      })
      .where(eq(bookings.id, n(e.args.bookingId)));
  },
  BookingCancelled: (ctx, e) => closeBooking(ctx, e, e.args.bookingId, "cancelled"),
  BookingReclaimed: (ctx, e) => closeBooking(ctx, e, e.args.bookingId, "reclaimed"),
  BookingCompleted: (ctx, e) => closeBooking(ctx, e, e.args.bookingId, "completed"),
  MinStakeUpdated: (ctx, e) => setParameter(ctx, "minStake", e.args.newMinStake.toString(), e.blockNumber),
  ProvisionWindowUpdated: (ctx, e) => setParameter(ctx, "provisionWindow", e.args.newWindow.toString(), e.blockNumber),
  MaxBookingDurationUpdated: (ctx, e) =>
    setParameter(ctx, "maxBookingDuration", e.args.newDuration.toString(), e.blockNumber),
  Paused: (ctx, e) => setParameter(ctx, "marketplacePaused", "true", e.blockNumber),
  Unpaused: (ctx, e) => setParameter(ctx, "marketplacePaused", "false", e.blockNumber),
});

export { setParameter };
