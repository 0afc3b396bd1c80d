import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from "@nestjs/common";
import { inArray } from "drizzle-orm";
import type { Subscription } from "rxjs";
import { DATABASE } from "../database/constants.js";
import type { Database } from "../database/database.js";
import { bookings, resources } from "../database/schema.js";
import { IndexerService, type IndexerEvent } from "../indexer/indexer.service.js";
import { toJson } from "../indexer/store.js";
import type { IndexedEvent } from "../indexer/types.js";
import { EventsGateway } from "./events.gateway.js";
import { idsOf, roomsOf, type RoomLookups } from "./rooms.js";

const LOOKUP_CHUNK = 1_000;

/**
 * Publishes the indexer's commits to socket.io: after each durable commit, one `chain:event` per
 * event (to `global` and the rooms it concerns) and an `indexer:block`; after a rollback, an
 * `indexer:reorg`. Publications run one at a time, in commit order.
 */
@Injectable()
export class RealtimeService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger("Realtime");
  private subscription?: Subscription;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(IndexerService) private readonly indexer: IndexerService,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EventsGateway) private readonly gateway: EventsGateway,
  ) {}

  onModuleInit(): void {
    this.subscription = this.indexer.events$.subscribe((event) => {
      this.queue = this.queue
        .then(() => this.publish(event))
        .catch((error: unknown) => this.logger.error(`publishing failed: ${(error as Error).message}`));
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.queue;
  }

  /** Resolves when everything committed so far has been sent (for tests and benchmarks). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async publish(event: IndexerEvent): Promise<void> {
    if (event.type === "reorg") {
      const { ancestor } = event;
      this.gateway.emitReorg({
        ancestor: {
          blockNumber: Number(ancestor.number),
          blockHash: ancestor.hash,
          timestamp: Number(ancestor.timestamp),
        },
        depth: event.depth,
        droppedEvents: event.droppedEvents,
      });
      return;
    }
    if (event.events.length > 0) {
      const lookups = await this.lookups(event.events);
      for (const e of event.events) {
        this.gateway.emitChainEvent({
          id: `${e.blockNumber}:${e.logIndex}`,
          contract: e.contract,
          event: e.eventName,
          args: toJson(e.args) as Record<string, unknown>,
          address: e.address.toLowerCase(),
          blockNumber: Number(e.blockNumber),
          blockHash: e.blockHash,
          logIndex: e.logIndex,
          txHash: e.transactionHash,
          timestamp: Number(e.blockTimestamp),
          rooms: roomsOf(e, lookups),
        });
      }
    }
    const cp = event.checkpoint;
    this.gateway.emitBlock({
      blockNumber: Number(cp.number),
      blockHash: cp.hash,
      timestamp: Number(cp.timestamp),
      events: event.events.length,
    });
  }

  /**
   * Which resource and provider the batch's bookings belong to, and which provider its resources
   * belong to: from the batch itself (BookingCreated, ResourceListed) and otherwise from the index
   * (these links never change once made).
   */
  private async lookups(batch: IndexedEvent[]): Promise<RoomLookups> {
    const lookups: RoomLookups = { bookings: new Map(), resources: new Map() };
    for (const e of batch) {
      const args = e.args as Record<string, unknown>;
      if (e.contract !== "ResourceMarketplace") continue;
      if (e.eventName === "BookingCreated") {
        lookups.bookings.set(String(args.bookingId), {
          resourceId: String(args.resourceId),
          provider: String(args.provider).toLowerCase(),
        });
      } else if (e.eventName === "ResourceListed") {
        lookups.resources.set(String(args.resourceId), { provider: String(args.provider).toLowerCase() });
      }
    }
    const bookingIds = new Set<string>();
    for (const e of batch) {
      const { bookingId } = idsOf(e);
      if (bookingId !== undefined && !lookups.bookings.has(bookingId)) bookingIds.add(bookingId);
    }
    const db = this.database.db;
    for (const ids of chunks([...bookingIds].filter(isInt8))) {
      const rows = await db
        .select({ id: bookings.id, resourceId: bookings.resourceId, provider: bookings.provider })
        .from(bookings)
        .where(inArray(bookings.id, ids.map(Number)));
      for (const r of rows)
        lookups.bookings.set(String(r.id), { resourceId: String(r.resourceId), provider: r.provider });
    }
    const resourceIds = new Set<string>();
    for (const e of batch) {
      const { resourceId } = idsOf(e);
      if (resourceId !== undefined) resourceIds.add(resourceId);
    }
    for (const b of lookups.bookings.values()) resourceIds.add(b.resourceId);
    for (const id of lookups.resources.keys()) resourceIds.delete(id);
    for (const ids of chunks([...resourceIds].filter(isInt8))) {
      const rows = await db
        .select({ id: resources.id, provider: resources.provider })
        .from(resources)
        .where(inArray(resources.id, ids.map(Number)));
      for (const r of rows) lookups.resources.set(String(r.id), { provider: r.provider });
    }
    return lookups;
  }
}

function isInt8(id: string): boolean {
  return Number.isSafeInteger(Number(id));
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CHUNK) out.push(items.slice(i, i + LOOKUP_CHUNK));
  return out;
}
