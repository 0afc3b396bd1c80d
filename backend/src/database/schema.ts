import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * One schema for PGlite and PostgreSQL. Tables that come from the chain (everything but
 * `auth_nonces`) are projections of the `events` log and can be rebuilt from it; amounts are
 * uint256 and stored as numeric(78,0) strings; addresses are lowercase hex.
 */
const uint256 = (name: string) => numeric(name, { precision: 78, scale: 0 });
const int8 = (name: string) => bigint(name, { mode: "number" });

/** Where the indexer is: the last block whose events are fully committed. One row. */
export const indexerCheckpoint = pgTable("indexer_checkpoint", {
  id: integer("id").primaryKey(),
  chainId: integer("chain_id").notNull(),
  /** Fingerprint of the deployment's addresses: a different deployment starts a fresh index. */
  deploymentId: text("deployment_id").notNull(),
  blockNumber: int8("block_number").notNull(),
  blockHash: text("block_hash").notNull(),
  blockTimestamp: int8("block_timestamp").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Hashes of indexed blocks (those with events, and every checkpoint), to detect reorgs. */
export const indexedBlocks = pgTable("indexed_blocks", {
  number: int8("number").primaryKey(),
  hash: text("hash").notNull(),
  timestamp: int8("timestamp").notNull(),
});

/** The raw event log: every decoded event of every D-CloudX contract. */
export const events = pgTable(
  "events",
  {
    blockNumber: int8("block_number").notNull(),
    logIndex: integer("log_index").notNull(),
    blockHash: text("block_hash").notNull(),
    blockTimestamp: int8("block_timestamp").notNull(),
    transactionHash: text("transaction_hash").notNull(),
    address: text("address").notNull(),
    contract: text("contract").notNull(),
    eventName: text("event_name").notNull(),
    /** Decoded arguments, uint256 as decimal strings (for reading). */
    args: jsonb("args").notNull().$type<Record<string, unknown>>(),
    /** The raw log, so a rebuild decodes exactly what the chain said. */
    topics: jsonb("topics").notNull().$type<`0x${string}`[]>(),
    data: text("data").notNull().$type<`0x${string}`>(),
  },
  (t) => [
    primaryKey({ columns: [t.blockNumber, t.logIndex] }),
    index("events_contract_event_idx").on(t.contract, t.eventName),
  ],
);

export const providers = pgTable("providers", {
  address: text("address").primaryKey(),
  registered: boolean("registered").notNull(),
  stake: uint256("stake").notNull(),
  metadataUri: text("metadata_uri").notNull().default(""),
  registeredAt: int8("registered_at").notNull(),
  openBookings: integer("open_bookings").notNull().default(0),
  /** SLA reports final but not yet applied: while any remains the provider cannot deregister. */
  stakeHolds: integer("stake_holds").notNull().default(0),
  reputationBps: integer("reputation_bps").notNull().default(5000),
  periodsReported: integer("periods_reported").notNull().default(0),
  violations: integer("violations").notNull().default(0),
  slashedTotal: uint256("slashed_total").notNull().default("0"),
  updatedBlock: int8("updated_block").notNull(),
});

export const resources = pgTable(
  "resources",
  {
    id: int8("id").primaryKey(),
    provider: text("provider").notNull(),
    pricePerSecond: uint256("price_per_second").notNull(),
    cpuMillicores: integer("cpu_millicores").notNull(),
    memoryMb: integer("memory_mb").notNull(),
    storageGb: integer("storage_gb").notNull(),
    gpuCount: integer("gpu_count").notNull(),
    capacity: integer("capacity").notNull(),
    inUse: integer("in_use").notNull().default(0),
    region: text("region").notNull(),
    uptimeTargetBps: integer("uptime_target_bps").notNull(),
    penaltyBps: integer("penalty_bps").notNull(),
    p95LatencyMs: integer("p95_latency_ms").notNull(),
    periodLength: integer("period_length").notNull(),
    active: boolean("active").notNull(),
    listedAt: int8("listed_at").notNull(),
    updatedBlock: int8("updated_block").notNull(),
  },
  (t) => [
    index("resources_provider_idx").on(t.provider),
    index("resources_region_idx").on(t.region),
    index("resources_price_idx").on(t.pricePerSecond),
  ],
);

export const bookings = pgTable(
  "bookings",
  {
    id: int8("id").primaryKey(),
    resourceId: int8("resource_id").notNull(),
    consumer: text("consumer").notNull(),
    provider: text("provider").notNull(),
    /** As stored on-chain: requested, active, completed, cancelled, reclaimed. Ended/expired are derived from time. */
    state: text("state").notNull(),
    pricePerSecond: uint256("price_per_second").notNull(),
    duration: int8("duration").notNull(),
    amount: uint256("amount").notNull(),
    feeBps: integer("fee_bps").notNull().default(0),
    provisionDeadline: int8("provision_deadline").notNull(),
    endpointHash: text("endpoint_hash"),
    startTime: int8("start_time"),
    endTime: int8("end_time"),
    withdrawnNet: uint256("withdrawn_net").notNull().default("0"),
    feesPaid: uint256("fees_paid").notNull().default("0"),
    settled: uint256("settled").notNull().default("0"),
    penalized: uint256("penalized").notNull().default("0"),
    refunded: uint256("refunded").notNull().default("0"),
    createdAt: int8("created_at").notNull(),
    createdBlock: int8("created_block").notNull(),
    updatedBlock: int8("updated_block").notNull(),
  },
  (t) => [
    index("bookings_consumer_idx").on(t.consumer),
    index("bookings_provider_idx").on(t.provider),
    index("bookings_resource_idx").on(t.resourceId),
  ],
);

export const slaReports = pgTable(
  "sla_reports",
  {
    bookingId: int8("booking_id").notNull(),
    period: integer("period").notNull(),
    provider: text("provider"),
    /** submitted (no quorum yet), pending, disputed, applied */
    status: text("status").notNull(),
    uptimeBps: integer("uptime_bps"),
    p95LatencyMs: integer("p95_latency_ms"),
    violated: boolean("violated"),
    penalty: uint256("penalty"),
    refunded: uint256("refunded"),
    fromStake: uint256("from_stake"),
    submissions: integer("submissions").notNull().default(0),
    disputedBy: text("disputed_by"),
    finalizedAt: int8("finalized_at"),
    appliedAt: int8("applied_at"),
    updatedBlock: int8("updated_block").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.period] }), index("sla_reports_provider_idx").on(t.provider)],
);

export const receiptBatches = pgTable(
  "receipt_batches",
  {
    id: int8("id").primaryKey(),
    anchorer: text("anchorer").notNull(),
    provider: text("provider").notNull(),
    root: text("root").notNull(),
    count: integer("count").notNull(),
    firstTimestamp: int8("first_timestamp").notNull(),
    lastTimestamp: int8("last_timestamp").notNull(),
    prevBatchId: int8("prev_batch_id").notNull(),
    uri: text("uri").notNull(),
    transactionHash: text("transaction_hash").notNull(),
    blockNumber: int8("block_number").notNull(),
    anchoredAt: int8("anchored_at").notNull(),
  },
  (t) => [index("receipt_batches_anchorer_idx").on(t.anchorer), index("receipt_batches_provider_idx").on(t.provider)],
);

export const schedulers = pgTable("schedulers", {
  address: text("address").primaryKey(),
  provider: text("provider").notNull(),
  active: boolean("active").notNull(),
  updatedBlock: int8("updated_block").notNull(),
});

export const proposals = pgTable("proposals", {
  id: uint256("id").primaryKey(),
  proposer: text("proposer").notNull(),
  description: text("description").notNull(),
  targets: jsonb("targets").notNull().$type<string[]>(),
  calldatas: jsonb("calldatas").notNull().$type<string[]>(),
  voteStart: int8("vote_start").notNull(),
  voteEnd: int8("vote_end").notNull(),
  /** pending (created), queued, executed, canceled; active/succeeded/defeated are derived by the chain. */
  status: text("status").notNull(),
  forVotes: uint256("for_votes").notNull().default("0"),
  againstVotes: uint256("against_votes").notNull().default("0"),
  abstainVotes: uint256("abstain_votes").notNull().default("0"),
  eta: int8("eta"),
  createdBlock: int8("created_block").notNull(),
  updatedBlock: int8("updated_block").notNull(),
});

/** Governance-controlled parameters as last seen in events (platformFeeBps, minStake, quorum, ...). */
export const parameters = pgTable("parameters", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  updatedBlock: int8("updated_block").notNull(),
});

/** `bytea`, read and written as bytes (Buffer on node-postgres, Uint8Array on PGlite). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * Merkle trees of scheduling receipts built by this node (off-chain data, not a projection): one per
 * closed batch of a provider's receipts. `nodes` is the StandardMerkleTree's node array, 32 bytes per
 * node, root first; a receipt's proof is read from it (`receipts.tree_index`). `status`: `unanchored`
 * (no scheduler key serves the provider), `pending` (waiting to be anchored, or anchored and waiting
 * for the indexer), `anchored` (its `BatchAnchored` event is indexed: `batch_id`, `tx_hash`).
 */
export const receiptTrees = pgTable(
  "receipt_trees",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    provider: text("provider").notNull(),
    /** The scheduler key that anchors it (null while no key serves the provider). */
    anchorer: text("anchorer"),
    root: text("root").notNull(),
    /** Receipts (leaves) in the tree. */
    count: integer("count").notNull(),
    /** Decisions they stand for (more than `count` when some were aggregated under overload). */
    decisions: int8("decisions").notNull(),
    firstTimestamp: int8("first_timestamp").notNull(),
    lastTimestamp: int8("last_timestamp").notNull(),
    nodes: bytea("nodes").notNull(),
    status: text("status").notNull(),
    /** Times anchoring was tried; > 0 means a transaction may have been sent (checked on restart). */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    txHash: text("tx_hash"),
    blockNumber: int8("block_number"),
    batchId: int8("batch_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    anchoredAt: timestamp("anchored_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("receipt_trees_root_idx").on(t.root),
    index("receipt_trees_status_idx").on(t.status, t.anchorer),
    index("receipt_trees_batch_idx").on(t.batchId),
  ],
);

/** Scheduling receipts (off-chain data): the leaves of {@link receiptTrees}. */
export const receipts = pgTable(
  "receipts",
  {
    decisionId: text("decision_id").primaryKey(),
    treeId: int8("tree_id").notNull(),
    /** Position of the leaf in the tree's node array. */
    treeIndex: integer("tree_index").notNull(),
    bookingId: uint256("booking_id").notNull(),
    /** route, place, scale */
    kind: text("kind").notNull(),
    instanceId: text("instance_id").notNull(),
    algorithm: text("algorithm").notNull(),
    inputsHash: text("inputs_hash").notNull(),
    timestamp: int8("timestamp").notNull(),
    /** Decisions this receipt stands for: 1, or more when aggregated under overload. */
    decisions: integer("decisions").notNull().default(1),
  },
  (t) => [
    index("receipts_booking_idx").on(t.bookingId, t.timestamp),
    index("receipts_tree_idx").on(t.treeId, t.treeIndex),
  ],
);

/** Sign-In with Ethereum nonces: single use, expiring. Off-chain data, not a projection. */
export const authNonces = pgTable("auth_nonces", {
  nonce: text("nonce").primaryKey(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/** Projection tables, in the order a rebuild truncates them. */
export const projectionTables = [
  providers,
  resources,
  bookings,
  slaReports,
  receiptBatches,
  schedulers,
  proposals,
  parameters,
] as const;
