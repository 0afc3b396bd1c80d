/** Shapes of the backend's JSON answers (see the OpenAPI document at `/docs/json`). Amounts are wei as decimal strings. */

export type Page<T> = { items: T[]; page: number; limit: number; total: number };

export type SlaTerms = { uptimeTargetBps: number; penaltyBps: number; p95LatencyMs: number; periodLength: number };

export type ProviderRecord = {
  address: string;
  registered: boolean;
  stake: string;
  metadataUri: string;
  registeredAt: number;
  reputationBps: number;
  periodsReported: number;
  violations: number;
  slashedTotal: string;
  openBookings: number;
  stakeHolds: number;
};

export type Provider = ProviderRecord & {
  resources: { total: number; active: number };
  bookings: {
    total: number;
    byState: Record<string, number>;
    amount: string;
    refunded: string;
    penalized: string;
    withdrawnNet: string;
    feesPaid: string;
    earned: string;
  };
  earningsWithdrawn: string;
};

export type Resource = {
  id: number;
  provider: string;
  region: string;
  cpuMillicores: number;
  memoryMb: number;
  storageGb: number;
  gpuCount: number;
  capacity: number;
  inUse: number;
  pricePerSecond: string;
  pricePerHour: string;
  active: boolean;
  available: boolean;
  providerReputationBps: number;
  sla: SlaTerms;
  listedAt: number;
  updatedBlock: number;
};

export type ResourceDetail = Resource & { providerRecord: ProviderRecord; bookingsCount: number };

export const bookingStates = [
  "requested",
  "active",
  "ended",
  "expired",
  "completed",
  "cancelled",
  "reclaimed",
] as const;
export type BookingState = (typeof bookingStates)[number];

export type Booking = {
  id: number;
  resourceId: number;
  consumer: string;
  provider: string;
  state: BookingState;
  pricePerSecond: string;
  duration: number;
  feeBps: number;
  provisionDeadline: number;
  startTime: number | null;
  endTime: number | null;
  amount: string;
  refunded: string;
  penalized: string;
  withdrawnNet: string;
  feesPaid: string;
  settled: string;
  earned: string;
  createdAt: number;
  createdBlock: number;
  updatedBlock: number;
};

export type BookingDetail = Booking & { storedState: string; slaReportsCount: number };

export type BookingInstance = Record<string, unknown> & { id?: string; state?: string };

export type BookingAccess = {
  bookingId: number;
  resourceId: number;
  consumer: string;
  provider: string;
  state: string;
  endpointHash: string | null;
  startTime: number | null;
  provisionDeadline: number;
  endpoint: string | null;
  instances: BookingInstance[];
  updatedBlock: number;
};

export type SlaReport = {
  bookingId: number;
  period: number;
  provider: string;
  status: "submitted" | "pending" | "disputed" | "applied";
  uptimeBps: number | null;
  violated: boolean | null;
  penalty: string | null;
  refunded: string | null;
  fromStake: string | null;
  submissions: number;
  disputedBy: string | null;
  finalizedAt: number | null;
  appliedAt: number | null;
  updatedBlock: number;
};

export type ReceiptBatchRow = {
  id: number;
  anchorer: string;
  provider: string;
  root: string;
  count: number;
  firstTimestamp: number;
  lastTimestamp: number;
  prevBatchId: number;
  uri: string;
  transactionHash: string;
  blockNumber: number;
  anchoredAt: number;
};

/** One of the node's scheduler keys (`GET /receipts/schedulers`): its address and the provider it anchors for. */
export type ReceiptScheduler = { address: string; provider: string | null };

/** Receipts stored unanchored for one provider (`GET /receipts/unanchored`). */
export type UnanchoredReport = { provider: string; batches: number; receipts: number; decisions: number };

export type ChainEvent = {
  blockNumber: number;
  logIndex: number;
  blockHash: string;
  blockTimestamp: number;
  transactionHash: string;
  address: string;
  contract: string;
  event: string;
  args: Record<string, unknown>;
};

export type ChainStatus = {
  chainId: number;
  indexedBlock: number | null;
  indexedTimestamp: number | null;
  chainHead: number | null;
  backfilling: boolean;
  eventsIndexed: number;
  contracts: Record<string, string>;
};

/** A scheduling receipt as the receipts API returns it (`GET /receipts/:decisionId`). */
export type ReceiptJson = {
  bookingId: string | number;
  decisionId: string;
  kind: string;
  instanceId: string;
  algorithm: string;
  inputsHash: string;
  timestamp: string | number;
};

export type ReceiptProofResponse = {
  receipt: ReceiptJson;
  leaf?: string;
  proof: string[];
  batchId: string | number | null;
  root?: string | null;
  txHash?: string | null;
  status?: string;
};

/** The compute plane's view of a booking (`GET /bookings/:id/compute`). */
export type ComputeInstance = {
  id: string;
  state: string;
  cpu?: number;
  memory?: number;
  url?: string;
  [key: string]: unknown;
};

export type LbSnapshot = {
  rps?: number;
  latencyMs?: { p50?: number; p90?: number; p99?: number };
  byCodeClass?: Record<string, number>;
  upstreams?: Record<string, unknown>[];
};

export type ComputeView = {
  endpoint?: string | null;
  algorithm?: string;
  instances?: ComputeInstance[];
  lb?: LbSnapshot;
  scaler?: Record<string, unknown> | null;
  [key: string]: unknown;
};

export const lbAlgorithms = [
  "round-robin",
  "least-conn",
  "p2c",
  "least-loaded",
  "urgency",
  "weighted-history",
  "q-learning",
] as const;
export type LbAlgorithm = (typeof lbAlgorithms)[number];
