import { isAddress } from "viem";
import type { IndexedEvent } from "../indexer/types.js";

/**
 * Rooms a client can join: `global` (every event), `resource:<id>`, `booking:<id>`,
 * `provider:<address>` (lowercase in the canonical name).
 */
export type Room = "global" | `resource:${string}` | `booking:${string}` | `provider:${string}`;

export const GLOBAL_ROOM = "global" satisfies Room;

const ID = /^(0|[1-9]\d{0,77})$/;

/**
 * The canonical room for a requested name, or undefined when the name is not a room.
 * @example parseRoom("provider:0xAbC…") // "provider:0xabc…"
 */
export function parseRoom(name: unknown): Room | undefined {
  if (typeof name !== "string" || name.length > 100) return undefined;
  if (name === GLOBAL_ROOM) return GLOBAL_ROOM;
  const colon = name.indexOf(":");
  if (colon < 0) return undefined;
  const kind = name.slice(0, colon);
  const key = name.slice(colon + 1);
  if ((kind === "resource" || kind === "booking") && ID.test(key)) return `${kind}:${key}`;
  if (kind === "provider" && isAddress(key, { strict: false })) return `provider:${key.toLowerCase()}`;
  return undefined;
}

/** What the index knows about bookings and resources that events name only by id. */
export type RoomLookups = {
  bookings: Map<string, { resourceId: string; provider: string }>;
  resources: Map<string, { provider: string }>;
};

/**
 * Every room an event concerns: `global`; `booking:<id>` for a `bookingId` argument, plus the
 * booking's resource and provider; `resource:<id>` for a `resourceId`, plus its provider;
 * `provider:<address>` for a `provider` argument.
 */
export function roomsOf(event: Pick<IndexedEvent, "args">, lookups: RoomLookups): Room[] {
  const rooms = new Set<Room>([GLOBAL_ROOM]);
  const args = event.args as Record<string, unknown>;
  const addProvider = (provider: unknown) => {
    if (typeof provider === "string" && isAddress(provider, { strict: false }))
      rooms.add(`provider:${provider.toLowerCase()}`);
  };
  const addResource = (resourceId: string) => {
    rooms.add(`resource:${resourceId}`);
    addProvider(lookups.resources.get(resourceId)?.provider);
  };
  if (typeof args.bookingId === "bigint") {
    const id = args.bookingId.toString();
    rooms.add(`booking:${id}`);
    const booking = lookups.bookings.get(id);
    if (booking) {
      addResource(booking.resourceId);
      addProvider(booking.provider);
    }
  }
  if (typeof args.resourceId === "bigint") addResource(args.resourceId.toString());
  addProvider(args.provider);
  return [...rooms];
}

/** The booking and resource ids an event names, for {@link RoomLookups}. */
export function idsOf(event: Pick<IndexedEvent, "args">): { bookingId?: string; resourceId?: string } {
  const args = event.args as Record<string, unknown>;
  return {
    bookingId: typeof args.bookingId === "bigint" ? args.bookingId.toString() : undefined,
    resourceId: typeof args.resourceId === "bigint" ? args.resourceId.toString() : undefined,
  };
}
