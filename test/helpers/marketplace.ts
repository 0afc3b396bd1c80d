import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { Signature, decodeBytes32String, encodeBytes32String, id, keccak256, toUtf8Bytes } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import type { DCXToken, EscrowManager, IResourceMarketplace } from "../../types/ethers-contracts/index.js";
import { deployDCloudX, type Deployment } from "./fixtures.js";

export const DEFAULT_ADMIN_ROLE = "0x0000000000000000000000000000000000000000000000000000000000000000";
export const PAUSER_ROLE = id("PAUSER_ROLE");
export const MARKETPLACE_ROLE = id("MARKETPLACE_ROLE");
export const SLA_ROLE = id("SLA_ROLE");

/** `IResourceMarketplace.BookingState`, in declaration order. */
export const BookingState = {
  None: 0n,
  Requested: 1n,
  Active: 2n,
  Ended: 3n,
  Expired: 4n,
  Completed: 5n,
  Cancelled: 6n,
  Reclaimed: 7n,
} as const;

/** The `expectedStates` bitmap `MarketplaceUnexpectedBookingState` carries (bit `1 << state` per allowed state). */
export function stateBits(...states: bigint[]): string {
  const bits = states.reduce((acc, s) => acc | (1n << s), 0n);
  return "0x" + bits.toString(16).padStart(64, "0");
}

/** A region code as the contract stores it: UTF-8, right-padded to 32 bytes. */
export function region(code: string): string {
  return encodeBytes32String(code);
}

export function regionName(encoded: string): string {
  return decodeBytes32String(encoded);
}

/** A non-zero endpoint hash, as a provider node would commit to. */
export function endpointHash(url = "https://node.example/bookings/1"): string {
  return keccak256(toUtf8Bytes(url));
}

/** 0.001 DCX per second (3.6 DCX per hour). */
export const DEFAULT_PRICE = 10n ** 15n;
export const ONE_HOUR = 3_600n;

export function defaultSpec(overrides: Partial<IResourceMarketplace.ResourceSpecStruct> = {}) {
  return {
    cpuMillicores: 4_000n,
    memoryMB: 8_192n,
    storageGB: 100n,
    gpuCount: 0n,
    capacity: 2n,
    region: region("eu-west-1"),
    ...overrides,
  } satisfies IResourceMarketplace.ResourceSpecStruct;
}

export function defaultSla(overrides: Partial<IResourceMarketplace.SLATermsStruct> = {}) {
  return {
    uptimeTargetBps: 9_990n,
    penaltyBps: 1_000n,
    p95LatencyMs: 200n,
    periodLength: 3_600n,
    ...overrides,
  } satisfies IResourceMarketplace.SLATermsStruct;
}

/** Registers `provider` with the minimum stake (or `stake`), approving the marketplace first. */
export async function registerProvider(
  d: Pick<Deployment, "token" | "marketplace">,
  provider: HardhatEthersSigner,
  stake?: bigint,
  metadataURI = "ipfs://provider",
): Promise<bigint> {
  const amount = stake ?? (await d.marketplace.minStake());
  await d.token.connect(provider).approve(await d.marketplace.getAddress(), amount);
  await d.marketplace.connect(provider).registerProvider(amount, metadataURI);
  return amount;
}

/** Lists a resource for a registered provider and returns its id. */
export async function listResource(
  d: Pick<Deployment, "marketplace">,
  provider: HardhatEthersSigner,
  opts: {
    spec?: Partial<IResourceMarketplace.ResourceSpecStruct>;
    sla?: Partial<IResourceMarketplace.SLATermsStruct>;
    price?: bigint;
  } = {},
): Promise<bigint> {
  await d.marketplace
    .connect(provider)
    .listResource(defaultSpec(opts.spec), opts.price ?? DEFAULT_PRICE, defaultSla(opts.sla));
  return d.marketplace.resourceCount();
}

/** Approves the escrow for exactly `price × duration` and books; returns the booking id. */
export async function book(
  d: Pick<Deployment, "token" | "marketplace" | "escrow">,
  consumer: HardhatEthersSigner,
  resourceId: bigint,
  duration: bigint = ONE_HOUR,
): Promise<bigint> {
  const price = (await d.marketplace.getResource(resourceId)).pricePerSecond;
  await d.token.connect(consumer).approve(await d.escrow.getAddress(), price * duration);
  await d.marketplace.connect(consumer).book(resourceId, duration, price);
  return d.marketplace.bookingCount();
}

/** Signs an EIP-2612 permit of `token` for `spender`. */
export async function signPermit(
  token: DCXToken,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
  nonce?: bigint,
): Promise<Signature> {
  const domain = await token.eip712Domain();
  const signature = await owner.signTypedData(
    {
      name: domain.name,
      version: domain.version,
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
    },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: owner.address, spender, value, nonce: nonce ?? (await token.nonces(owner.address)), deadline },
  );
  return Signature.from(signature);
}

/**
 * Returns a signer for `account` (a contract such as the timelock), impersonated and funded for gas.
 * Governance-only functions are exercised this way instead of running full proposals.
 */
export async function impersonate(connection: NetworkConnection, account: string): Promise<HardhatEthersSigner> {
  await connection.networkHelpers.impersonateAccount(account);
  await connection.networkHelpers.setBalance(account, 10n ** 20n);
  return connection.ethers.getSigner(account);
}

/**
 * The escrow's solvency invariant: it holds exactly the open balances of `bookingIds` (every booking
 * it ever opened) plus the fees not yet swept.
 */
export async function expectEscrowSolvent(
  token: Pick<DCXToken, "balanceOf">,
  escrow: EscrowManager,
  bookingIds: bigint[],
): Promise<void> {
  let sum = 0n;
  for (const bookingId of bookingIds) sum += await escrow.balanceOf(bookingId);
  expect(await token.balanceOf(await escrow.getAddress())).to.equal(sum + (await escrow.unsweptFees()));
}

/** Timestamp of the block that included `tx`. */
export async function txTimestamp(
  connection: NetworkConnection,
  tx: { wait: () => Promise<{ blockNumber: number } | null> },
): Promise<bigint> {
  const receipt = await tx.wait();
  const block = await connection.ethers.provider.getBlock(receipt!.blockNumber);
  return BigInt(block!.timestamp);
}

/** `ResourceSpec` as the contract returns it and as events carry it (a tuple in declaration order). */
export function specTuple(spec: ReturnType<typeof defaultSpec>) {
  return [spec.cpuMillicores, spec.memoryMB, spec.storageGB, spec.gpuCount, spec.capacity, spec.region];
}

/** `SLATerms` as a tuple in declaration order. */
export function slaTuple(sla: ReturnType<typeof defaultSla>) {
  return [sla.uptimeTargetBps, sla.penaltyBps, sla.p95LatencyMs, sla.periodLength];
}

// ---------------------------------------------------------------- fixtures (named, for loadFixture)

/**
 * The real deployment plus signers for the two contracts that hold privileged roles:
 * `governance` (the timelock: DEFAULT_ADMIN_ROLE, PAUSER_ROLE) and `slaContract` (SLA_ROLE).
 */
export async function deployMarketplaceFixture(connection: NetworkConnection) {
  const d = await deployDCloudX(connection);
  const governance = await impersonate(connection, await d.timelock.getAddress());
  const slaContract = await impersonate(connection, await d.sla.getAddress());
  return { ...d, governance, slaContract };
}

/** `provider` registered with the minimum stake and one default resource (capacity 2) listed. */
export async function resourceFixture(connection: NetworkConnection) {
  const d = await deployMarketplaceFixture(connection);
  const stake = await registerProvider(d, d.provider);
  const resourceId = await listResource(d, d.provider);
  return { ...d, stake, resourceId };
}

/** {resourceFixture} plus a one-hour booking by `consumer`, still Requested. */
export async function bookingFixture(connection: NetworkConnection) {
  const d = await resourceFixture(connection);
  const tx = await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), DEFAULT_PRICE * ONE_HOUR);
  await tx.wait();
  const bookTx = await d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE);
  const bookedAt = await txTimestamp(connection, bookTx);
  const bookingId = await d.marketplace.bookingCount();
  return {
    ...d,
    bookingId,
    amount: DEFAULT_PRICE * ONE_HOUR,
    provisionDeadline: bookedAt + d.params.provisionWindow,
  };
}

/** {bookingFixture} with the booking activated by `provider`: it streams from `start` to `end`. */
export async function activeBookingFixture(connection: NetworkConnection) {
  const d = await bookingFixture(connection);
  const tx = await d.marketplace.connect(d.provider).activateBooking(d.bookingId, endpointHash());
  const start = await txTimestamp(connection, tx);
  return { ...d, start, end: start + ONE_HOUR };
}

/**
 * A standalone escrow + marketplace paying in {ReentrantToken}, whose transfers can call back into
 * them. `provider` is registered with one resource listed; the token contract itself holds tokens
 * and has approved both contracts, so it can act as a consumer or provider through `execute`.
 */
export async function reentrantDeploymentFixture({ ethers }: NetworkConnection) {
  const [admin, provider, consumer, treasury, outsider, slaAccount] = await ethers.getSigners();
  const token = await ethers.deployContract("ReentrantToken");
  const escrow = await ethers.deployContract("EscrowManager", [
    await token.getAddress(),
    admin.address,
    treasury.address,
    250n,
  ]);
  const minStake = 1_000n;
  const marketplace = await ethers.deployContract("ResourceMarketplace", [
    await token.getAddress(),
    await escrow.getAddress(),
    admin.address,
    minStake,
    600n,
    30n * 86_400n,
  ]);
  await escrow.grantRole(MARKETPLACE_ROLE, await marketplace.getAddress());
  await marketplace.grantRole(SLA_ROLE, slaAccount.address);

  const funding = 10n ** 24n;
  for (const account of [provider.address, consumer.address, await token.getAddress()]) {
    await token.mint(account, funding);
  }
  for (const spender of [await escrow.getAddress(), await marketplace.getAddress()]) {
    await token.connect(consumer).approve(spender, ethers.MaxUint256);
    await token.connect(provider).approve(spender, ethers.MaxUint256);
    await token.execute(
      await token.getAddress(),
      token.interface.encodeFunctionData("approve", [spender, ethers.MaxUint256]),
    );
  }
  await marketplace.connect(provider).registerProvider(minStake, "ipfs://provider");
  await marketplace.connect(provider).listResource(defaultSpec({ capacity: 10n }), DEFAULT_PRICE, defaultSla());
  return {
    token,
    escrow,
    marketplace,
    admin,
    provider,
    consumer,
    treasury,
    outsider,
    slaAccount,
    minStake,
    resourceId: 1n,
  };
}
