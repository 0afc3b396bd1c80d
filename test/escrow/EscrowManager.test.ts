import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  DEFAULT_ADMIN_ROLE,
  DEFAULT_PRICE,
  MARKETPLACE_ROLE,
  ONE_HOUR,
  PAUSER_ROLE,
  SLA_ROLE,
  activeBookingFixture,
  book,
  endpointHash,
  expectEscrowSolvent,
  resourceFixture,
} from "../helpers/marketplace.js";
import { shouldBehaveLikeStreamingEscrow, type StartedStream } from "./EscrowManager.behavior.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const BPS = 10_000n;
const FEE_BPS = 250n;
/** An odd rate, so fees round down and the rounding is checked too. */
const RATE = 7n;

/**
 * A standalone escrow with a test admin, driven directly by `market` (MARKETPLACE_ROLE) and `sla`
 * (SLA_ROLE), so every marketplace-only path can be reached at the unit level.
 */
async function standaloneFixture({ ethers }: NetworkConnection) {
  const [admin, market, sla, consumer, provider, treasury, outsider, consumer2, provider2] = await ethers.getSigners();
  const token = await ethers.deployContract("DCXToken", [admin.address]);
  const escrow = await ethers.deployContract("EscrowManager", [
    await token.getAddress(),
    admin.address,
    treasury.address,
    FEE_BPS,
  ]);
  await escrow.grantRole(MARKETPLACE_ROLE, market.address);
  await escrow.grantRole(SLA_ROLE, sla.address);
  for (const account of [consumer, consumer2]) {
    await token.transfer(account.address, 10n ** 24n);
    await token.connect(account).approve(await escrow.getAddress(), ethers.MaxUint256);
  }
  return { token, escrow, admin, market, sla, consumer, provider, treasury, outsider, consumer2, provider2 };
}

type Standalone = Awaited<ReturnType<typeof standaloneFixture>>;

/** Opens booking `bookingId` for `seconds` at RATE. */
async function open(d: Standalone, bookingId: bigint, seconds = 100n, consumer = d.consumer, provider = d.provider) {
  await d.escrow.connect(d.market).open(bookingId, consumer.address, provider.address, RATE, RATE * seconds);
}

/** Starts booking `bookingId` in the next block, `after` seconds from now; returns the start time. */
async function start(d: Standalone, bookingId: bigint, after = 1n): Promise<bigint> {
  const t = BigInt(await time.latest()) + after;
  await time.setNextBlockTimestamp(t);
  await d.escrow.connect(d.market).start(bookingId);
  return t;
}

/** {standaloneFixture} with booking 1 (100 s at RATE) opened and started. */
async function streamingFixture(connection: NetworkConnection) {
  const d = await standaloneFixture(connection);
  await open(d, 1n);
  const t = await start(d, 1n);
  return { ...d, bookingId: 1n, amount: RATE * 100n, start: t, end: t + 100n };
}

describe("EscrowManager", () => {
  describe("deployment", () => {
    it("records token, treasury and fee, and gives the admin DEFAULT_ADMIN_ROLE and PAUSER_ROLE", async () => {
      const d = await loadFixture(standaloneFixture);
      expect(await d.escrow.token()).to.equal(await d.token.getAddress());
      expect(await d.escrow.treasury()).to.equal(d.treasury.address);
      expect(await d.escrow.platformFeeBps()).to.equal(FEE_BPS);
      expect(await d.escrow.MAX_FEE_BPS()).to.equal(1_000n);
      expect(await d.escrow.unsweptFees()).to.equal(0n);
      expect(await d.escrow.hasRole(DEFAULT_ADMIN_ROLE, d.admin.address)).to.equal(true);
      expect(await d.escrow.hasRole(PAUSER_ROLE, d.admin.address)).to.equal(true);
      expect(await d.escrow.hasRole(MARKETPLACE_ROLE, d.admin.address)).to.equal(false);
    });

    it("rejects a fee above the maximum and a zero treasury", async () => {
      const d = await loadFixture(standaloneFixture);
      const factory = await ethers.getContractFactory("EscrowManager");
      const token = await d.token.getAddress();
      await expect(factory.deploy(token, d.admin.address, d.treasury.address, 1_001n))
        .to.be.revertedWithCustomError(factory, "EscrowFeeTooHigh")
        .withArgs(1_001n, 1_000n);
      await expect(factory.deploy(token, d.admin.address, ethers.ZeroAddress, 0n))
        .to.be.revertedWithCustomError(factory, "EscrowInvalidTreasury")
        .withArgs(ethers.ZeroAddress);
      const max = await factory.deploy(token, d.admin.address, d.treasury.address, 1_000n);
      expect(await max.platformFeeBps()).to.equal(1_000n);
    });

    it("is wired by the deployment: the marketplace opens, the SLA contract penalizes, the timelock governs", async () => {
      const d = await loadFixture(resourceFixture);
      const timelock = await d.timelock.getAddress();
      expect(await d.escrow.token()).to.equal(await d.token.getAddress());
      expect(await d.escrow.treasury()).to.equal(timelock);
      expect(await d.escrow.platformFeeBps()).to.equal(d.params.platformFeeBps);
      expect(await d.escrow.hasRole(MARKETPLACE_ROLE, await d.marketplace.getAddress())).to.equal(true);
      expect(await d.escrow.hasRole(SLA_ROLE, await d.sla.getAddress())).to.equal(true);
      expect(await d.escrow.hasRole(DEFAULT_ADMIN_ROLE, timelock)).to.equal(true);
      expect(await d.escrow.hasRole(DEFAULT_ADMIN_ROLE, d.deployer.address)).to.equal(false);
      expect(await d.escrow.hasRole(PAUSER_ROLE, d.deployer.address)).to.equal(true);
      expect(await d.escrow.hasRole(PAUSER_ROLE, timelock)).to.equal(true);
    });
  });

  describe("standalone, driven by a MARKETPLACE_ROLE account", () => {
    shouldBehaveLikeStreamingEscrow(async () => {
      const d = await loadFixture(standaloneFixture);
      let next = 0n;
      return {
        connection,
        token: d.token,
        escrow: d.escrow,
        consumer: d.consumer,
        provider: d.provider,
        rate: RATE,
        feeBps: FEE_BPS,
        async openAndStart(duration: bigint): Promise<StartedStream> {
          const bookingId = ++next;
          await open(d, bookingId, duration);
          const t = await start(d, bookingId);
          return { bookingId, start: t, end: t + duration, amount: RATE * duration };
        },
        extend: (bookingId, extra) => d.escrow.connect(d.market).extend(bookingId, extra),
        cancel: (bookingId) => d.escrow.connect(d.market).cancel(bookingId),
      };
    });
  });

  describe("deployed, driven by the ResourceMarketplace", () => {
    shouldBehaveLikeStreamingEscrow(async () => {
      const d = await loadFixture(resourceFixture);
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), ethers.MaxUint256);
      return {
        connection,
        token: d.token,
        escrow: d.escrow,
        consumer: d.consumer,
        provider: d.provider,
        rate: DEFAULT_PRICE,
        feeBps: d.params.platformFeeBps,
        async openAndStart(duration: bigint): Promise<StartedStream> {
          await d.marketplace.connect(d.consumer).book(d.resourceId, duration, DEFAULT_PRICE);
          const bookingId = await d.marketplace.bookingCount();
          const t = BigInt(await time.latest()) + 1n;
          await time.setNextBlockTimestamp(t);
          await d.marketplace.connect(d.provider).activateBooking(bookingId, endpointHash());
          return { bookingId, start: t, end: t + duration, amount: DEFAULT_PRICE * duration };
        },
        extend: (bookingId, extra) => d.marketplace.connect(d.consumer).extendBooking(bookingId, extra),
        cancel: (bookingId) => d.marketplace.connect(d.consumer).cancelBooking(bookingId),
      };
    });
  });

  describe("open", () => {
    it("pulls the amount from the consumer and records the stream", async () => {
      const d = await loadFixture(standaloneFixture);
      const amount = RATE * 100n;
      const tx = d.escrow.connect(d.market).open(1n, d.consumer.address, d.provider.address, RATE, amount);
      await expect(tx)
        .to.emit(d.escrow, "StreamOpened")
        .withArgs(1n, d.consumer.address, d.provider.address, RATE, amount, FEE_BPS);
      await expect(tx).to.changeTokenBalances(ethers, d.token, [d.consumer, d.escrow, d.market], [-amount, amount, 0n]);
      const s = await d.escrow.getStream(1n);
      expect(s.consumer).to.equal(d.consumer.address);
      expect(s.provider).to.equal(d.provider.address);
      expect(s.ratePerSecond).to.equal(RATE);
      expect(s.amount).to.equal(amount);
      expect(s.feeBps).to.equal(FEE_BPS);
      expect([s.start, s.end, s.settled, s.penalized, s.refunded]).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
      expect(await d.escrow.balanceOf(1n)).to.equal(amount);
      expect(await d.escrow.refundable(1n)).to.equal(amount);
      expect(await d.escrow.earned(1n)).to.equal(0n);
      expect(await d.escrow.withdrawable(1n)).to.equal(0n);
    });

    it("is reserved for MARKETPLACE_ROLE", async () => {
      const d = await loadFixture(standaloneFixture);
      for (const caller of [d.consumer, d.admin, d.sla]) {
        await expect(d.escrow.connect(caller).open(1n, d.consumer.address, d.provider.address, RATE, RATE))
          .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, MARKETPLACE_ROLE);
      }
    });

    it("refuses to open a booking twice", async () => {
      const d = await loadFixture(standaloneFixture);
      await open(d, 1n);
      await expect(d.escrow.connect(d.market).open(1n, d.consumer2.address, d.provider.address, RATE, RATE))
        .to.be.revertedWithCustomError(d.escrow, "EscrowBookingExists")
        .withArgs(1n);
    });

    it("needs a positive amount that is a multiple of a positive rate", async () => {
      const d = await loadFixture(standaloneFixture);
      const cases: [bigint, bigint][] = [
        [0n, RATE],
        [RATE * 10n, 0n],
        [RATE * 10n + 1n, RATE],
        [RATE - 1n, RATE],
      ];
      for (const [amount, rate] of cases) {
        await expect(d.escrow.connect(d.market).open(1n, d.consumer.address, d.provider.address, rate, amount))
          .to.be.revertedWithCustomError(d.escrow, "EscrowInvalidAmount")
          .withArgs(amount, rate);
      }
    });

    it("refuses an amount that does not fit the stream's uint128", async () => {
      const d = await loadFixture(standaloneFixture);
      const amount = 2n ** 128n;
      await expect(d.escrow.connect(d.market).open(1n, d.consumer.address, d.provider.address, 1n, amount))
        .to.be.revertedWithCustomError(d.escrow, "SafeCastOverflowedUintDowncast")
        .withArgs(128n, amount);
    });

    it("fails when the consumer has not approved the escrow", async () => {
      const d = await loadFixture(standaloneFixture);
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), RATE - 1n);
      await expect(d.escrow.connect(d.market).open(1n, d.consumer.address, d.provider.address, RATE, RATE))
        .to.be.revertedWithCustomError(d.token, "ERC20InsufficientAllowance")
        .withArgs(await d.escrow.getAddress(), RATE - 1n, RATE);
    });
  });

  describe("start", () => {
    it("starts streaming now, for amount / rate seconds", async () => {
      const d = await loadFixture(standaloneFixture);
      await open(d, 1n, 250n);
      const t = BigInt(await time.latest()) + 3n;
      await time.setNextBlockTimestamp(t);
      await expect(d.escrow.connect(d.market).start(1n))
        .to.emit(d.escrow, "StreamStarted")
        .withArgs(1n, t, t + 250n);
      const s = await d.escrow.getStream(1n);
      expect(s.start).to.equal(t);
      expect(s.end).to.equal(t + 250n);
    });

    it("is reserved for MARKETPLACE_ROLE", async () => {
      const d = await loadFixture(standaloneFixture);
      await open(d, 1n);
      await expect(d.escrow.connect(d.provider).start(1n))
        .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(d.provider.address, MARKETPLACE_ROLE);
    });

    it("rejects an unknown, started, cancelled or finished stream", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.market).start(9n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowUnknownBooking")
        .withArgs(9n);
      await expect(d.escrow.connect(d.market).start(1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowAlreadyStarted")
        .withArgs(1n);
      await open(d, 2n);
      await d.escrow.connect(d.market).cancel(2n);
      await expect(d.escrow.connect(d.market).start(2n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowClosed")
        .withArgs(2n);
      await time.increaseTo(d.end);
      await expect(d.escrow.connect(d.market).start(1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowClosed")
        .withArgs(1n);
    });
  });

  describe("extend", () => {
    it("before the start adds to the amount, and the stream runs for the total once started", async () => {
      const d = await loadFixture(standaloneFixture);
      await open(d, 1n, 100n);
      const tx = d.escrow.connect(d.market).extend(1n, 30n);
      await expect(tx)
        .to.emit(d.escrow, "StreamExtended")
        .withArgs(1n, RATE * 30n, 0n, RATE * 130n);
      await expect(tx).to.changeTokenBalances(ethers, d.token, [d.consumer, d.escrow], [-RATE * 30n, RATE * 30n]);
      expect((await d.escrow.getStream(1n)).end).to.equal(0n);
      const t = await start(d, 1n);
      expect((await d.escrow.getStream(1n)).end).to.equal(t + 130n);
    });

    it("pulls from the booking's consumer, not from the caller", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.market).extend(1n, 5n)).to.changeTokenBalances(
        ethers,
        d.token,
        [d.consumer, d.market],
        [-RATE * 5n, 0n],
      );
      expect(await d.escrow.connect(d.market).extend.staticCall(1n, 5n)).to.equal(RATE * 5n);
    });

    it("rejects zero seconds", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.market).extend(1n, 0n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowInvalidAmount")
        .withArgs(0n, RATE);
    });

    it("rejects an unknown, cancelled or finished stream, and callers without MARKETPLACE_ROLE", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.consumer).extend(1n, 1n))
        .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(d.consumer.address, MARKETPLACE_ROLE);
      await expect(d.escrow.connect(d.market).extend(5n, 1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowUnknownBooking")
        .withArgs(5n);
      await open(d, 2n);
      await d.escrow.connect(d.market).cancel(2n);
      await expect(d.escrow.connect(d.market).extend(2n, 1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowClosed")
        .withArgs(2n);
      await time.setNextBlockTimestamp(d.end);
      await expect(d.escrow.connect(d.market).extend(1n, 1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowClosed")
        .withArgs(1n);
    });
  });

  describe("cancel", () => {
    it("before the start refunds everything", async () => {
      const d = await loadFixture(standaloneFixture);
      await open(d, 1n, 100n);
      expect(await d.escrow.connect(d.market).cancel.staticCall(1n)).to.equal(RATE * 100n);
      const tx = d.escrow.connect(d.market).cancel(1n);
      await expect(tx)
        .to.emit(d.escrow, "StreamCancelled")
        .withArgs(1n, 0n, RATE * 100n);
      await expect(tx).to.changeTokenBalances(ethers, d.token, [d.consumer, d.escrow], [RATE * 100n, -RATE * 100n]);
      const s = await d.escrow.getStream(1n);
      expect(s.refunded).to.equal(RATE * 100n);
      expect(s.end).to.equal(0n);
      expect(await d.escrow.balanceOf(1n)).to.equal(0n);
      expect(await d.escrow.refundable(1n)).to.equal(0n);
      await expect(d.escrow.connect(d.provider).withdraw(1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowNothingToWithdraw")
        .withArgs(1n);
      await expectEscrowSolvent(d.token, d.escrow, [1n]);
    });

    it("while streaming freezes the earnings and refunds the rest", async () => {
      const d = await loadFixture(streamingFixture);
      await time.setNextBlockTimestamp(d.start + 41n);
      await expect(d.escrow.connect(d.market).cancel(1n))
        .to.emit(d.escrow, "StreamCancelled")
        .withArgs(1n, d.start + 41n, RATE * 59n);
      await time.increaseTo(d.end + 100n);
      expect(await d.escrow.earned(1n)).to.equal(RATE * 41n);
      expect(await d.escrow.balanceOf(1n)).to.equal(RATE * 41n);
      await expectEscrowSolvent(d.token, d.escrow, [1n]);
    });

    it("rejects an unknown, cancelled or finished stream, and callers without MARKETPLACE_ROLE", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.consumer).cancel(1n))
        .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(d.consumer.address, MARKETPLACE_ROLE);
      await expect(d.escrow.connect(d.market).cancel(3n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowUnknownBooking")
        .withArgs(3n);
      await open(d, 2n);
      await d.escrow.connect(d.market).cancel(2n);
      await expect(d.escrow.connect(d.market).cancel(2n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowClosed")
        .withArgs(2n);
      await time.setNextBlockTimestamp(d.end);
      await expect(d.escrow.connect(d.market).cancel(1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowClosed")
        .withArgs(1n);
    });
  });

  describe("penalize", () => {
    it("is reserved for SLA_ROLE", async () => {
      const d = await loadFixture(streamingFixture);
      for (const caller of [d.market, d.admin, d.consumer]) {
        await expect(d.escrow.connect(caller).penalize(1n, 1n))
          .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, SLA_ROLE);
      }
    });

    it("in the deployment, is the SLA contract's; opening is the marketplace's", async () => {
      const d = await loadFixture(activeBookingFixture);
      await time.increase(100n);
      await expect(d.escrow.connect(d.slaContract).penalize(d.bookingId, 1n))
        .to.emit(d.escrow, "PenaltyApplied")
        .withArgs(d.bookingId, d.consumer.address, 1n, 1n);
      await expect(d.escrow.connect(d.consumer).open(9n, d.consumer.address, d.provider.address, 1n, 1n))
        .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(d.consumer.address, MARKETPLACE_ROLE);
    });

    it("rejects an unknown booking", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.sla).penalize(2n, 1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowUnknownBooking")
        .withArgs(2n);
    });

    it("moves part of the provider's claim back to the consumer", async () => {
      const d = await loadFixture(streamingFixture);
      await time.setNextBlockTimestamp(d.start + 40n);
      const tx = d.escrow.connect(d.sla).penalize(1n, RATE * 10n);
      await expect(tx)
        .to.emit(d.escrow, "PenaltyApplied")
        .withArgs(1n, d.consumer.address, RATE * 10n, RATE * 10n);
      await expect(tx).to.changeTokenBalances(ethers, d.token, [d.consumer, d.escrow], [RATE * 10n, -RATE * 10n]);
      expect(await d.escrow.balanceOf(1n)).to.equal(RATE * 90n);
      expect(await d.escrow.refundable(1n)).to.equal(RATE * 60n); // amount − earned: the consumer's part is untouched
      const gross = RATE * 30n;
      expect(await d.escrow.withdrawable(1n)).to.equal(gross - (gross * FEE_BPS) / BPS);

      await time.setNextBlockTimestamp(d.start + 50n);
      await expect(d.escrow.connect(d.sla).penalize(1n, RATE))
        .to.emit(d.escrow, "PenaltyApplied")
        .withArgs(1n, d.consumer.address, RATE, RATE * 11n);
      expect((await d.escrow.getStream(1n)).penalized).to.equal(RATE * 11n);

      // at the end the provider gets the whole amount less the penalties
      await time.increaseTo(d.end);
      expect(await d.escrow.earned(1n)).to.equal(RATE * 100n);
      const rest = RATE * 89n;
      expect(await d.escrow.withdrawable(1n)).to.equal(rest - (rest * FEE_BPS) / BPS);
      await d.escrow.connect(d.provider).withdraw(1n);
      expect(await d.escrow.balanceOf(1n)).to.equal(0n);
      await expectEscrowSolvent(d.token, d.escrow, [1n]);
    });

    it("beyond what the provider could withdraw moves only that, never the consumer's prepayment", async () => {
      const d = await loadFixture(streamingFixture);
      const consumerBefore = await d.token.balanceOf(d.consumer.address);
      await time.setNextBlockTimestamp(d.start + 10n);
      const tx = d.escrow.connect(d.sla).penalize(1n, RATE * 50n);
      await expect(tx)
        .to.emit(d.escrow, "PenaltyApplied")
        .withArgs(1n, d.consumer.address, RATE * 10n, RATE * 10n); // the 10 s earned so far
      await expect(tx).to.changeTokenBalances(ethers, d.token, [d.consumer, d.escrow], [RATE * 10n, -RATE * 10n]);
      expect(await d.escrow.withdrawable(1n)).to.equal(0n);
      expect(await d.escrow.refundable(1n)).to.equal(RATE * 90n); // the prepayment for the other 90 s is intact
      await time.increaseTo(d.start + 40n);
      const gross40 = RATE * 30n; // earned 40, penalized 10
      expect(await d.escrow.withdrawable(1n)).to.equal(gross40 - (gross40 * FEE_BPS) / BPS);
      await time.setNextBlockTimestamp(d.start + 60n);
      await expect(d.escrow.connect(d.market).cancel(1n))
        .to.emit(d.escrow, "StreamCancelled")
        .withArgs(1n, d.start + 60n, RATE * 40n); // amount − earned: the penalty did not eat into it
      const gross = RATE * 50n;
      const fee = (gross * FEE_BPS) / BPS;
      await expect(d.escrow.connect(d.provider).withdraw(1n))
        .to.emit(d.escrow, "EarningsWithdrawn")
        .withArgs(1n, d.provider.address, gross - fee, fee, gross);
      expect((await d.token.balanceOf(d.consumer.address)) - consumerBefore).to.equal(RATE * 50n); // 10 + 40
      expect(await d.escrow.unsweptFees()).to.equal(fee);
      expect(await d.escrow.balanceOf(1n)).to.equal(0n);
      await expectEscrowSolvent(d.token, d.escrow, [1n]);
    });

    it("is capped at what the provider could withdraw now, then moves nothing until more is earned", async () => {
      const d = await loadFixture(streamingFixture);
      await time.setNextBlockTimestamp(d.start + 30n);
      await d.escrow.connect(d.provider).withdraw(1n);
      expect(await d.escrow.balanceOf(1n)).to.equal(RATE * 70n);

      // 15 s later the provider could withdraw 15 s of earnings: that is all a penalty can take
      await time.setNextBlockTimestamp(d.start + 45n);
      await expect(d.escrow.connect(d.sla).penalize(1n, d.amount * 5n))
        .to.emit(d.escrow, "PenaltyApplied")
        .withArgs(1n, d.consumer.address, RATE * 15n, RATE * 15n);
      expect(await d.escrow.balanceOf(1n)).to.equal(RATE * 55n);
      expect(await d.escrow.withdrawable(1n)).to.equal(0n);
      expect(await d.escrow.refundable(1n)).to.equal(RATE * 55n); // amount − earned, untouched
      expect(await d.escrow.connect(d.sla).penalize.staticCall(1n, 1n)).to.equal(0n);

      // two seconds later two seconds' earnings are claimable again
      await time.setNextBlockTimestamp(d.start + 47n);
      await expect(d.escrow.connect(d.sla).penalize(1n, d.amount))
        .to.emit(d.escrow, "PenaltyApplied")
        .withArgs(1n, d.consumer.address, RATE * 2n, RATE * 17n);
      expect((await d.escrow.getStream(1n)).penalized).to.equal(RATE * 17n);

      // cancelling refunds the whole unearned part; the provider's claim is what is left
      await time.setNextBlockTimestamp(d.start + 60n);
      await expect(d.escrow.connect(d.market).cancel(1n))
        .to.emit(d.escrow, "StreamCancelled")
        .withArgs(1n, d.start + 60n, RATE * 40n);
      expect(await d.escrow.balanceOf(1n)).to.equal(RATE * 13n); // 60 earned − 30 settled − 17 penalized
      const rest = RATE * 13n;
      const restFee = (RATE * 43n * FEE_BPS) / BPS - (RATE * 30n * FEE_BPS) / BPS;
      await expect(d.escrow.connect(d.provider).withdraw(1n))
        .to.emit(d.escrow, "EarningsWithdrawn")
        .withArgs(1n, d.provider.address, rest - restFee, restFee, RATE * 43n);
      expect(await d.escrow.connect(d.sla).penalize.staticCall(1n, 1n)).to.equal(0n);
      await expect(d.escrow.connect(d.sla).penalize(1n, 1n)).to.not.emit(d.escrow, "PenaltyApplied");
      const stream = await d.escrow.getStream(1n);
      expect(stream.settled + stream.penalized + stream.refunded).to.equal(d.amount);
      expect(await d.escrow.balanceOf(1n)).to.equal(0n);
      await expectEscrowSolvent(d.token, d.escrow, [1n]);
    });

    it("before the start moves nothing, and a cancellation then refunds everything and closes the stream", async () => {
      const d = await loadFixture(standaloneFixture);
      await open(d, 1n, 100n);
      expect(await d.escrow.connect(d.sla).penalize.staticCall(1n, RATE * 100n)).to.equal(0n);
      const penalty = d.escrow.connect(d.sla).penalize(1n, RATE * 100n);
      await expect(penalty).to.not.emit(d.escrow, "PenaltyApplied");
      await expect(penalty).to.not.emit(d.token, "Transfer");
      expect((await d.escrow.getStream(1n)).penalized).to.equal(0n);
      expect(await d.escrow.balanceOf(1n)).to.equal(RATE * 100n);
      expect(await d.escrow.refundable(1n)).to.equal(RATE * 100n);

      const tx = d.escrow.connect(d.market).cancel(1n);
      await expect(tx)
        .to.emit(d.escrow, "StreamCancelled")
        .withArgs(1n, 0n, RATE * 100n);
      await expect(tx).to.changeTokenBalances(ethers, d.token, [d.consumer, d.escrow], [RATE * 100n, -RATE * 100n]);
      expect(await d.escrow.balanceOf(1n)).to.equal(0n);
      for (const call of [
        () => d.escrow.connect(d.market).cancel(1n),
        () => d.escrow.connect(d.market).extend(1n, 10n),
        () => d.escrow.connect(d.market).start(1n),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(d.escrow, "EscrowClosed").withArgs(1n);
      }
      await expectEscrowSolvent(d.token, d.escrow, [1n]);
    });

    it("after a cancellation takes from what the provider has not withdrawn", async () => {
      const d = await loadFixture(streamingFixture);
      await time.setNextBlockTimestamp(d.start + 20n);
      await d.escrow.connect(d.market).cancel(1n); // provider keeps 20 s of earnings
      await expect(d.escrow.connect(d.sla).penalize(1n, RATE * 100n))
        .to.emit(d.escrow, "PenaltyApplied")
        .withArgs(1n, d.consumer.address, RATE * 20n, RATE * 20n);
      expect(await d.escrow.withdrawable(1n)).to.equal(0n);
      await expectEscrowSolvent(d.token, d.escrow, [1n]);
    });
  });

  describe("withdraw", () => {
    it("is only for the booking's provider", async () => {
      const d = await loadFixture(streamingFixture);
      await time.increase(10n);
      for (const caller of [d.consumer, d.market, d.provider2]) {
        await expect(d.escrow.connect(caller).withdraw(1n))
          .to.be.revertedWithCustomError(d.escrow, "EscrowNotProvider")
          .withArgs(1n, caller.address);
      }
      await expect(d.escrow.connect(d.provider).withdraw(2n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowNotProvider")
        .withArgs(2n, d.provider.address);
    });

    it("reverts when nothing was earned yet", async () => {
      const d = await loadFixture(standaloneFixture);
      await open(d, 1n);
      await expect(d.escrow.connect(d.provider).withdraw(1n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowNothingToWithdraw")
        .withArgs(1n);
    });

    it("charges no fee on a booking opened at a zero fee", async () => {
      const d = await loadFixture(standaloneFixture);
      await d.escrow.connect(d.admin).setPlatformFee(0n);
      await open(d, 1n);
      const t = await start(d, 1n);
      await time.setNextBlockTimestamp(t + 10n);
      await expect(d.escrow.connect(d.provider).withdraw(1n))
        .to.emit(d.escrow, "EarningsWithdrawn")
        .withArgs(1n, d.provider.address, RATE * 10n, 0n, RATE * 10n);
      expect(await d.escrow.unsweptFees()).to.equal(0n);
    });

    it("rounds the fee down on the cumulative settlement, not per withdrawal", async () => {
      const d = await loadFixture(streamingFixture);
      // every 13 s the provider settles 91 more; fee(x) = ⌊x × 2.5%⌋: fee(91) = 2, fee(182) = 4,
      // fee(273) = 6 (6.825), fee(364) = 9 (9.1) — the fourth withdrawal pays 3, not ⌊91 × 2.5%⌋ = 2
      const fees = [2n, 2n, 2n, 3n];
      for (const [i, fee] of fees.entries()) {
        const settled = 91n * BigInt(i + 1);
        await time.setNextBlockTimestamp(d.start + 13n * BigInt(i + 1));
        await expect(d.escrow.connect(d.provider).withdraw(1n))
          .to.emit(d.escrow, "EarningsWithdrawn")
          .withArgs(1n, d.provider.address, 91n - fee, fee, settled);
        expect(await d.escrow.unsweptFees()).to.equal((settled * FEE_BPS) / BPS);
      }
    });

    it("many 1-second withdrawals at a tiny rate pay the same total fee as one withdrawal", async () => {
      const d = await loadFixture(standaloneFixture);
      // RATE × 1 s × 2.5% = 0.175: a fee computed per withdrawal would round every one of them to 0
      expect((RATE * FEE_BPS) / BPS).to.equal(0n);
      const seconds = 60n;
      await open(d, 1n, seconds); // withdrawn every second
      await open(d, 2n, seconds); // withdrawn once at the end
      await start(d, 2n);
      const t = await start(d, 1n);

      let fees1 = 0n;
      let net1 = 0n;
      for (let i = 1n; i < seconds; ++i) {
        await time.setNextBlockTimestamp(t + i);
        const fee = (RATE * i * FEE_BPS) / BPS - (RATE * (i - 1n) * FEE_BPS) / BPS;
        await expect(d.escrow.connect(d.provider).withdraw(1n))
          .to.emit(d.escrow, "EarningsWithdrawn")
          .withArgs(1n, d.provider.address, RATE - fee, fee, RATE * i);
        fees1 += fee;
        net1 += RATE - fee;
      }
      await time.increaseTo(t + seconds + 1n);
      const lastFee = (RATE * seconds * FEE_BPS) / BPS - fees1;
      await expect(d.escrow.connect(d.provider).withdraw(1n))
        .to.emit(d.escrow, "EarningsWithdrawn")
        .withArgs(1n, d.provider.address, RATE - lastFee, lastFee, RATE * seconds);
      fees1 += lastFee;
      net1 += RATE - lastFee;

      const feesBefore = await d.escrow.unsweptFees();
      const net2 = await d.escrow.connect(d.provider).withdraw.staticCall(2n);
      await d.escrow.connect(d.provider).withdraw(2n);
      const fees2 = (await d.escrow.unsweptFees()) - feesBefore;

      expect(fees1).to.equal((RATE * seconds * FEE_BPS) / BPS); // 420 × 2.5% = 10.5 → 10
      expect(fees1).to.equal(10n);
      expect(fees2).to.equal(fees1);
      expect(net1).to.equal(net2);
      expect(net1 + fees1).to.equal(RATE * seconds);
      await expectEscrowSolvent(d.token, d.escrow, [1n, 2n]);
    });
  });

  describe("withdrawMany", () => {
    async function twoStreamsFixture(connection: NetworkConnection) {
      const d = await streamingFixture(connection);
      await open(d, 2n, 100n, d.consumer2);
      await open(d, 3n, 100n, d.consumer2); // never started
      const t2 = await start(d, 2n);
      return { ...d, start2: t2 };
    }

    it("skips bookings with nothing to withdraw", async () => {
      const d = await loadFixture(twoStreamsFixture);
      await time.setNextBlockTimestamp(d.start2 + 10n);
      const gross1 = RATE * (d.start2 + 10n - d.start);
      const gross2 = RATE * 10n;
      const net = gross1 - (gross1 * FEE_BPS) / BPS + gross2 - (gross2 * FEE_BPS) / BPS;
      const tx = d.escrow.connect(d.provider).withdrawMany([3n, 1n, 2n, 1n]); // 3 not started, 1 twice
      await expect(tx).to.changeTokenBalance(ethers, d.token, d.provider, net);
      const receipt = await (await tx).wait();
      const paid = receipt!.logs
        .map((log) => d.escrow.interface.parseLog(log))
        .filter((e) => e?.name === "EarningsWithdrawn")
        .map((e) => e!.args.bookingId);
      expect(paid).to.deep.equal([1n, 2n]);
      await expectEscrowSolvent(d.token, d.escrow, [1n, 2n, 3n]);
    });

    it("reverts when none of the bookings has anything, or the list is empty", async () => {
      const d = await loadFixture(twoStreamsFixture);
      await expect(d.escrow.connect(d.provider).withdrawMany([3n]))
        .to.be.revertedWithCustomError(d.escrow, "EscrowNothingToWithdraw")
        .withArgs(3n);
      await expect(d.escrow.connect(d.provider).withdrawMany([]))
        .to.be.revertedWithCustomError(d.escrow, "EscrowNothingToWithdraw")
        .withArgs(0n);
    });

    it("reverts if any booking belongs to another provider", async () => {
      const d = await loadFixture(twoStreamsFixture);
      await open(d, 4n, 100n, d.consumer, d.provider2);
      await start(d, 4n);
      await time.increase(5n);
      await expect(d.escrow.connect(d.provider).withdrawMany([1n, 4n]))
        .to.be.revertedWithCustomError(d.escrow, "EscrowNotProvider")
        .withArgs(4n, d.provider.address);
    });
  });

  describe("sweepFees", () => {
    it("emits and transfers nothing when no fee accrued", async () => {
      const d = await loadFixture(standaloneFixture);
      const tx = d.escrow.connect(d.outsider).sweepFees();
      await expect(tx).to.emit(d.escrow, "FeesSwept").withArgs(d.treasury.address, 0n);
      await expect(tx).to.not.emit(d.token, "Transfer");
    });
  });

  describe("governance", () => {
    it("setPlatformFee applies to bookings opened afterwards only", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.admin).setPlatformFee(1_000n))
        .to.emit(d.escrow, "PlatformFeeUpdated")
        .withArgs(FEE_BPS, 1_000n);
      expect(await d.escrow.platformFeeBps()).to.equal(1_000n);
      await open(d, 2n);
      expect((await d.escrow.getStream(1n)).feeBps).to.equal(FEE_BPS);
      expect((await d.escrow.getStream(2n)).feeBps).to.equal(1_000n);
      await time.increaseTo(d.end);
      const fee = (d.amount * FEE_BPS) / BPS;
      expect(await d.escrow.withdrawable(1n)).to.equal(d.amount - fee);
      await expect(d.escrow.connect(d.provider).withdraw(1n))
        .to.emit(d.escrow, "EarningsWithdrawn")
        .withArgs(1n, d.provider.address, d.amount - fee, fee, d.amount);
      // the new fee applies to booking 2
      const t = await start(d, 2n);
      await time.setNextBlockTimestamp(t + 100n);
      await expect(d.escrow.connect(d.provider).withdraw(2n))
        .to.emit(d.escrow, "EarningsWithdrawn")
        .withArgs(2n, d.provider.address, d.amount - d.amount / 10n, d.amount / 10n, d.amount);
    });

    it("setPlatformFee refuses more than MAX_FEE_BPS", async () => {
      const d = await loadFixture(standaloneFixture);
      await expect(d.escrow.connect(d.admin).setPlatformFee(1_001n))
        .to.be.revertedWithCustomError(d.escrow, "EscrowFeeTooHigh")
        .withArgs(1_001n, 1_000n);
    });

    it("setTreasury redirects future sweeps and refuses the zero address", async () => {
      const d = await loadFixture(streamingFixture);
      await expect(d.escrow.connect(d.admin).setTreasury(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(d.escrow, "EscrowInvalidTreasury")
        .withArgs(ethers.ZeroAddress);
      await expect(d.escrow.connect(d.admin).setTreasury(d.outsider.address))
        .to.emit(d.escrow, "TreasuryUpdated")
        .withArgs(d.treasury.address, d.outsider.address);
      expect(await d.escrow.treasury()).to.equal(d.outsider.address);
      await time.increaseTo(d.end);
      await d.escrow.connect(d.provider).withdraw(1n);
      const fees = await d.escrow.unsweptFees();
      await expect(d.escrow.sweepFees()).to.changeTokenBalances(ethers, d.token, [d.outsider, d.treasury], [fees, 0n]);
    });

    it("setters are reserved for DEFAULT_ADMIN_ROLE", async () => {
      const d = await loadFixture(standaloneFixture);
      for (const caller of [d.market, d.sla, d.treasury]) {
        await expect(d.escrow.connect(caller).setPlatformFee(0n))
          .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
        await expect(d.escrow.connect(caller).setTreasury(caller.address))
          .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, DEFAULT_ADMIN_ROLE);
      }
    });

    it("in the deployment only the timelock sets the fee and the treasury", async () => {
      const d = await loadFixture(resourceFixture);
      await expect(d.escrow.connect(d.deployer).setPlatformFee(0n))
        .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(d.deployer.address, DEFAULT_ADMIN_ROLE);
      await expect(d.escrow.connect(d.governance).setPlatformFee(100n))
        .to.emit(d.escrow, "PlatformFeeUpdated")
        .withArgs(d.params.platformFeeBps, 100n);
      await expect(d.escrow.connect(d.governance).setTreasury(d.outsider.address))
        .to.emit(d.escrow, "TreasuryUpdated")
        .withArgs(d.governance.address, d.outsider.address);
      const bookingId = await book(d, d.consumer, d.resourceId);
      expect((await d.escrow.getStream(bookingId)).feeBps).to.equal(100n);
    });
  });

  describe("pause", () => {
    it("is reserved for PAUSER_ROLE", async () => {
      const d = await loadFixture(standaloneFixture);
      await expect(d.escrow.connect(d.market).pause())
        .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(d.market.address, PAUSER_ROLE);
      await expect(d.escrow.connect(d.admin).pause()).to.emit(d.escrow, "Paused").withArgs(d.admin.address);
      await expect(d.escrow.connect(d.market).unpause())
        .to.be.revertedWithCustomError(d.escrow, "AccessControlUnauthorizedAccount")
        .withArgs(d.market.address, PAUSER_ROLE);
      await expect(d.escrow.connect(d.admin).unpause()).to.emit(d.escrow, "Unpaused").withArgs(d.admin.address);
    });

    it("stops money coming in and provider withdrawals, not cancellations, penalties or sweeps", async () => {
      const d = await loadFixture(streamingFixture);
      await open(d, 2n);
      await open(d, 3n);
      await time.increase(10n);
      await d.escrow.connect(d.provider).withdraw(1n);
      await d.escrow.connect(d.admin).pause();

      const blocked = [
        () => d.escrow.connect(d.market).open(4n, d.consumer.address, d.provider.address, RATE, RATE),
        () => d.escrow.connect(d.market).start(2n),
        () => d.escrow.connect(d.market).extend(1n, 1n),
        () => d.escrow.connect(d.provider).withdraw(1n),
        () => d.escrow.connect(d.provider).withdrawMany([1n]),
      ];
      for (const call of blocked) {
        await expect(call()).to.be.revertedWithCustomError(d.escrow, "EnforcedPause");
      }
      await expect(d.escrow.connect(d.sla).penalize(1n, RATE)).to.emit(d.escrow, "PenaltyApplied");
      await expect(d.escrow.connect(d.market).cancel(1n)).to.emit(d.escrow, "StreamCancelled");
      await expect(d.escrow.connect(d.market).cancel(2n)).to.emit(d.escrow, "StreamCancelled");
      await expect(d.escrow.sweepFees()).to.emit(d.escrow, "FeesSwept");
      await expectEscrowSolvent(d.token, d.escrow, [1n, 2n, 3n]);

      await d.escrow.connect(d.admin).unpause();
      await start(d, 3n);
      await time.increase(5n);
      await d.escrow.connect(d.provider).withdrawMany([1n, 3n]);
      await expectEscrowSolvent(d.token, d.escrow, [1n, 2n, 3n]);
    });

    it("when the deployed escrow is paused, booking fails but consumers still cancel and reclaim", async () => {
      const d = await loadFixture(activeBookingFixture);
      const expiring = await book(d, d.consumer2, d.resourceId);
      await d.escrow.connect(d.deployer).pause();
      await d.token.connect(d.consumer).approve(await d.escrow.getAddress(), ethers.MaxUint256);
      await d.marketplace.connect(d.consumer).cancelBooking(d.bookingId);
      await expect(
        d.marketplace.connect(d.consumer).book(d.resourceId, ONE_HOUR, DEFAULT_PRICE),
      ).to.be.revertedWithCustomError(d.escrow, "EnforcedPause");
      await time.increase(d.params.provisionWindow + 1n);
      await expect(d.marketplace.reclaimBooking(expiring))
        .to.emit(d.marketplace, "BookingReclaimed")
        .withArgs(expiring, DEFAULT_PRICE * ONE_HOUR);
      await expect(d.escrow.connect(d.provider).withdraw(d.bookingId)).to.be.revertedWithCustomError(
        d.escrow,
        "EnforcedPause",
      );
      await d.escrow.connect(d.governance).unpause();
      await expect(d.escrow.connect(d.provider).withdraw(d.bookingId)).to.emit(d.escrow, "EarningsWithdrawn");
      await expectEscrowSolvent(d.token, d.escrow, [d.bookingId, expiring]);
    });
  });

  describe("views", () => {
    it("are zero for an unknown booking", async () => {
      const d = await loadFixture(streamingFixture);
      const s = await d.escrow.getStream(42n);
      expect(s.consumer).to.equal(ethers.ZeroAddress);
      expect(s.amount).to.equal(0n);
      expect(await d.escrow.earned(42n)).to.equal(0n);
      expect(await d.escrow.withdrawable(42n)).to.equal(0n);
      expect(await d.escrow.balanceOf(42n)).to.equal(0n);
      expect(await d.escrow.refundable(42n)).to.equal(0n);
    });
  });
});
