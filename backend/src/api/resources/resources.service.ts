import { Inject, Injectable, NotFoundException } from "@nestjs/common";
import { and, asc, count, desc, eq, gte, lte, not, sql, type SQL } from "drizzle-orm";
import { offsetOf, toPage, type Page } from "../../common/dto/pagination.dto.js";
import { sqlId } from "../../common/utils/sql.util.js";
import { DATABASE } from "../../database/constants.js";
import type { Database } from "../../database/database.js";
import { bookings, providers, resources } from "../../database/schema.js";
import { toProviderRecord } from "../providers/provider.mapper.js";
import type { ListResourcesQueryDto, ResourceSort } from "./dto/list-resources-query.dto.js";
import type { ResourceDetailDto, ResourceDto } from "./dto/resource.dto.js";

/** Bookable now: what `book()` would accept (listing active, provider registered, a free slot). */
const available = sql<boolean>`(${resources.active} and ${providers.registered} and ${resources.inUse} < ${resources.capacity})`;

/** Each sort, with the id as tie-breaker so pages never overlap. */
const ORDER: Record<ResourceSort, SQL[]> = {
  newest: [desc(resources.id)],
  oldest: [asc(resources.id)],
  price: [asc(resources.pricePerSecond), asc(resources.id)],
  "-price": [desc(resources.pricePerSecond), asc(resources.id)],
  reputation: [asc(providers.reputationBps), asc(resources.id)],
  "-reputation": [desc(providers.reputationBps), asc(resources.id)],
  cpu: [asc(resources.cpuMillicores), asc(resources.id)],
  "-cpu": [desc(resources.cpuMillicores), asc(resources.id)],
  memory: [asc(resources.memoryMb), asc(resources.id)],
  "-memory": [desc(resources.memoryMb), asc(resources.id)],
};

type Row = { resource: typeof resources.$inferSelect; reputationBps: number; available: boolean };

function toResource({ resource: r, reputationBps, available }: Row): ResourceDto {
  return {
    id: r.id,
    provider: r.provider,
    region: r.region,
    cpuMillicores: r.cpuMillicores,
    memoryMb: r.memoryMb,
    storageGb: r.storageGb,
    gpuCount: r.gpuCount,
    capacity: r.capacity,
    inUse: r.inUse,
    pricePerSecond: r.pricePerSecond,
    pricePerHour: (BigInt(r.pricePerSecond) * 3600n).toString(),
    active: r.active,
    available,
    providerReputationBps: reputationBps,
    sla: {
      uptimeTargetBps: r.uptimeTargetBps,
      penaltyBps: r.penaltyBps,
      p95LatencyMs: r.p95LatencyMs,
      periodLength: r.periodLength,
    },
    listedAt: r.listedAt,
    updatedBlock: r.updatedBlock,
  };
}

/** Reads listings from the index, each with its provider's reputation and whether it can be booked now. */
@Injectable()
export class ResourcesService {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  private select() {
    return this.db
      .select({ resource: resources, reputationBps: providers.reputationBps, available })
      .from(resources)
      .innerJoin(providers, eq(providers.address, resources.provider));
  }

  async list(query: ListResourcesQueryDto): Promise<Page<ResourceDto>> {
    const where = and(
      query.region === undefined ? undefined : eq(resources.region, query.region),
      query.minCpuMillicores === undefined ? undefined : gte(resources.cpuMillicores, query.minCpuMillicores),
      query.minMemoryMb === undefined ? undefined : gte(resources.memoryMb, query.minMemoryMb),
      query.minGpuCount === undefined ? undefined : gte(resources.gpuCount, query.minGpuCount),
      query.maxPricePerSecond === undefined ? undefined : lte(resources.pricePerSecond, query.maxPricePerSecond),
      query.minReputationBps === undefined ? undefined : gte(providers.reputationBps, query.minReputationBps),
      query.provider === undefined ? undefined : eq(resources.provider, query.provider),
      query.active === undefined ? undefined : eq(resources.active, query.active),
      query.available === undefined ? undefined : query.available ? available : not(available),
    );
    const [rows, [{ total }]] = await Promise.all([
      this.select()
        .where(where)
        .orderBy(...ORDER[query.sort])
        .limit(query.limit)
        .offset(offsetOf(query)),
      this.db
        .select({ total: count() })
        .from(resources)
        .innerJoin(providers, eq(providers.address, resources.provider))
        .where(where),
    ]);
    return toPage(rows.map(toResource), total, query);
  }

  async get(id: string): Promise<ResourceDetailDto> {
    const [row] = await this.db
      .select({ resource: resources, provider: providers, available })
      .from(resources)
      .innerJoin(providers, eq(providers.address, resources.provider))
      .where(eq(resources.id, sqlId(id)));
    if (!row) throw new NotFoundException(`resource ${id} not found`);
    const [{ bookingsCount }] = await this.db
      .select({ bookingsCount: count() })
      .from(bookings)
      .where(eq(bookings.resourceId, sqlId(id)));
    return {
      ...toResource({ resource: row.resource, reputationBps: row.provider.reputationBps, available: row.available }),
      providerRecord: toProviderRecord(row.provider),
      bookingsCount,
    };
  }
}
