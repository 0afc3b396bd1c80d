import { asc, desc, gt, lte, sql } from "drizzle-orm";
import { decodeEventLog, type Abi, type Hex } from "viem";
import type { ContractName } from "../chain/abis.js";
import type { Db, Tx } from "../database/database.js";
import { events, indexedBlocks, indexerCheckpoint, projectionTables } from "../database/schema.js";
import { HANDLERS } from "./handlers/index.js";
import type { BlockRef } from "./sync/fetchRange.js";
import type { IndexedEvent } from "./types.js";

export type Checkpoint = BlockRef & { chainId: number; deploymentId: string };

const EVENT_INSERT_BATCH = 1_000;

/** JSON for the `args` column: bigints as decimal strings, nested structs kept. */
export function toJson(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}

export async function readCheckpoint(db: Db): Promise<Checkpoint | undefined> {
  const [row] = await db.select().from(indexerCheckpoint).limit(1);
  if (!row) return undefined;
  return {
    chainId: row.chainId,
    deploymentId: row.deploymentId,
    number: BigInt(row.blockNumber),
    hash: row.blockHash as Hex,
    timestamp: BigInt(row.blockTimestamp),
  };
}

async function writeCheckpoint(tx: Tx, cp: Checkpoint): Promise<void> {
  const row = {
    chainId: cp.chainId,
    deploymentId: cp.deploymentId,
    blockNumber: Number(cp.number),
    blockHash: cp.hash,
    blockTimestamp: Number(cp.timestamp),
    updatedAt: new Date(),
  };
  await tx
    .insert(indexerCheckpoint)
    .values({ id: 1, ...row })
    .onConflictDoUpdate({ target: indexerCheckpoint.id, set: row });
}

async function runHandler(tx: Tx, event: IndexedEvent): Promise<void> {
  const handler = HANDLERS[event.contract]?.[event.eventName];
  if (handler) await handler({ tx }, event);
}

/**
 * Commits one indexed range atomically: its events (new ones only, so re-running a range changes
 * nothing), their projections, the blocks' hashes and the new checkpoint.
 * @returns the events that were new.
 */
export async function commitRange(
  db: Db,
  cp: Checkpoint,
  indexed: IndexedEvent[],
  blocks: BlockRef[],
): Promise<IndexedEvent[]> {
  return db.transaction(async (tx) => {
    const fresh = new Set<string>();
    for (let i = 0; i < indexed.length; i += EVENT_INSERT_BATCH) {
      const rows = indexed.slice(i, i + EVENT_INSERT_BATCH).map((e) => ({
        blockNumber: Number(e.blockNumber),
        logIndex: e.logIndex,
        blockHash: e.blockHash,
        blockTimestamp: Number(e.blockTimestamp),
        transactionHash: e.transactionHash,
        address: e.address.toLowerCase(),
        contract: e.contract,
        eventName: e.eventName,
        args: toJson(e.args) as Record<string, unknown>,
        topics: e.topics,
        data: e.data,
      }));
      const inserted = await tx
        .insert(events)
        .values(rows)
        .onConflictDoNothing()
        .returning({ blockNumber: events.blockNumber, logIndex: events.logIndex });
      for (const r of inserted) fresh.add(`${r.blockNumber}:${r.logIndex}`);
    }
    const applied = indexed.filter((e) => fresh.has(`${e.blockNumber}:${e.logIndex}`));
    for (const e of applied) await runHandler(tx, e);
    if (blocks.length > 0) {
      await tx
        .insert(indexedBlocks)
        .values(blocks.map((b) => ({ number: Number(b.number), hash: b.hash, timestamp: Number(b.timestamp) })))
        .onConflictDoUpdate({
          target: indexedBlocks.number,
          set: { hash: sql`excluded.hash`, timestamp: sql`excluded.timestamp` },
        });
    }
    await writeCheckpoint(tx, cp);
    return applied;
  });
}

/** Indexed blocks at or below `number`, newest first (candidates for the common ancestor). */
export async function storedBlocksBelow(db: Db, number: bigint, limit: number, offset: number): Promise<BlockRef[]> {
  const rows = await db
    .select()
    .from(indexedBlocks)
    .where(lte(indexedBlocks.number, Number(number)))
    .orderBy(desc(indexedBlocks.number))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => ({ number: BigInt(r.number), hash: r.hash as Hex, timestamp: BigInt(r.timestamp) }));
}

/**
 * Rolls the index back to `ancestor` in one transaction: drops events and blocks above it, then
 * rebuilds every projection by replaying the remaining event log through the same handlers that
 * built it. The result equals a fresh index of the chain up to `ancestor`.
 * @returns how many events were dropped.
 */
export async function rollbackTo(db: Db, ancestor: Checkpoint, abis: Record<ContractName, Abi>): Promise<number> {
  return db.transaction(async (tx) => {
    const dropped = await tx
      .delete(events)
      .where(gt(events.blockNumber, Number(ancestor.number)))
      .returning({ n: events.logIndex });
    await tx.delete(indexedBlocks).where(gt(indexedBlocks.number, Number(ancestor.number)));
    await rebuildProjections(tx, abis);
    await writeCheckpoint(tx, ancestor);
    return dropped.length;
  });
}

/** Empties the projections and replays the whole event log into them. */
export async function rebuildProjections(tx: Tx, abis: Record<ContractName, Abi>): Promise<void> {
  for (const table of projectionTables) await tx.delete(table);
  const PAGE = 5_000;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await tx
      .select()
      .from(events)
      .orderBy(asc(events.blockNumber), asc(events.logIndex))
      .limit(PAGE)
      .offset(offset);
    for (const row of rows) {
      const contract = row.contract as ContractName;
      const decoded = decodeEventLog({ abi: abis[contract], topics: row.topics as [Hex, ...Hex[]], data: row.data });
      await runHandler(tx, {
        contract,
        eventName: String(decoded.eventName),
        args: (decoded.args ?? {}) as IndexedEvent["args"],
        address: row.address as Hex,
        topics: row.topics,
        data: row.data,
        blockNumber: BigInt(row.blockNumber),
        blockHash: row.blockHash as Hex,
        blockTimestamp: BigInt(row.blockTimestamp),
        logIndex: row.logIndex,
        transactionHash: row.transactionHash as Hex,
      });
    }
    if (rows.length < PAGE) break;
  }
}

/** Removes everything indexed (a different deployment or chain). */
export async function resetIndex(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of projectionTables) await tx.delete(table);
    await tx.delete(events);
    await tx.delete(indexedBlocks);
    await tx.delete(indexerCheckpoint);
  });
}
