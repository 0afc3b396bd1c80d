import { expect } from "chai";
import type { ContractTransactionResponse, Signer } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  DEFAULT_PRICE,
  DEFAULT_SLA,
  activateBooking,
  activeBooking,
  bookResource,
  listResource,
} from "../helpers/bookings.js";
import { deployDCloudX } from "../helpers/fixtures.js";
import { GovernorHelper, ProposalState, delegateVotes, impersonate } from "../helpers/governance.js";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

/** Mirrors `ISLAEnforcement.ReportStatus`. */
enum ReportStatus {
  None,
  Pending,
  Disputed,
  Applied,
}

const BPS = 10_000n;
const STAKE = 10_000n * 10n ** 18n;
const PERIOD = BigInt(DEFAULT_SLA.periodLength);
/** Three and a half periods: the last period is half as long. */
const DURATION = 3n * PERIOD + PERIOD / 2n;
const RATE = DEFAULT_PRICE;
const PENALTY_BPS = BigInt(DEFAULT_SLA.penaltyBps);
const DISPUTE_WINDOW = 3_600n;
const INITIAL_REPUTATION = 5_000n;
const GAIN = 50n;
const LOSS = 500n;

type Measurement = readonly [uptimeBps: number, p95LatencyMs: number];
const GOOD: Measurement = [9_995, 150];
const BAD_UPTIME: Measurement = [9_000, 150];
const BAD_LATENCY: Measurement = [9_995, 201];

const penaltyFor = (seconds: bigint, bps = PENALTY_BPS) => (seconds * RATE * bps) / BPS;

/**
 * The deployment of `test/helpers/fixtures.ts` (3 reporters, quorum 2, dispute window 1 h) with a
 * provider staking 10 000 DCX and one activated booking of 3.5 one-hour SLA periods.
 */
async function slaFixture(connection: NetworkConnection) {
  const d = await deployDCloudX(connection);
  const booking = await activeBooking(d, d.provider, d.consumer, {
    stake: STAKE,
    duration: DURATION,
  });
  const governance = await impersonate(connection, d.timelock);
  const REPORTER_ROLE = await d.sla.REPORTER_ROLE();
  const DEFAULT_ADMIN_ROLE = await d.sla.DEFAULT_ADMIN_ROLE();
  return { ...d, ...booking, governance, REPORTER_ROLE, DEFAULT_ADMIN_ROLE };
}

/** {slaFixture} with the deployer's votes delegated, so proposals can pass. */
async function governedSlaFixture(connection: NetworkConnection) {
  const c = await slaFixture(connection);
  await delegateVotes(c.token, [c.deployer]);
  return { ...c, helper: new GovernorHelper(connection, c.governor) };
}

type Context = Awaited<ReturnType<typeof slaFixture>>;

/** Has the first `count` reporters (default 2, the quorum) submit the same measurement. */
async function submitMatching(
  c: Context,
  period: bigint,
  [uptime, latency]: Measurement,
  reporters: Signer[] = c.reporters.slice(0, 2),
  bookingId: bigint = c.bookingId,
): Promise<ContractTransactionResponse> {
  let last: ContractTransactionResponse | undefined;
  for (const reporter of reporters)
    last = await c.sla.connect(reporter).submitReport(bookingId, period, uptime, latency);
  return last!;
}

/** Moves time to the end of `period` of the booking. */
async function endOf(c: Context, period: bigint, bookingId: bigint = c.bookingId): Promise<bigint> {
  const [, end] = await c.sla.periodBounds(bookingId, period);
  if (BigInt(await time.latest()) < end) await time.increaseTo(end);
  return end;
}

/** When the dispute window of a final report closes. */
async function closesAt(c: Context, period: bigint, bookingId: bigint = c.bookingId): Promise<bigint> {
  const report = await c.sla.getReport(bookingId, period);
  return report.disputeClosesAt;
}

/** Finalizes `period` with `measurement` and lets its dispute window pass. */
async function finalizeAndWait(c: Context, period: bigint, measurement: Measurement, bookingId: bigint = c.bookingId) {
  await endOf(c, period, bookingId);
  await (await submitMatching(c, period, measurement, undefined, bookingId)).wait();
  await time.increaseTo(await closesAt(c, period, bookingId));
}

describe("SLAEnforcement", function () {
  describe("deployment", function () {
    it("is wired to the marketplace and escrow, with the fixture's reporters, quorum and window", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      expect(await c.sla.marketplace()).to.equal(await c.marketplace.getAddress());
      expect(await c.sla.escrow()).to.equal(await c.escrow.getAddress());
      expect(await c.sla.quorum()).to.equal(2n);
      expect(await c.sla.disputeWindow()).to.equal(DISPUTE_WINDOW);
      expect(await c.sla.INITIAL_REPUTATION()).to.equal(INITIAL_REPUTATION);
      expect(await c.sla.getRoleMemberCount(c.REPORTER_ROLE)).to.equal(3n);
      for (const reporter of c.reporters) expect(await c.sla.hasRole(c.REPORTER_ROLE, reporter)).to.equal(true);
      expect(await c.sla.getRoleMembers(c.DEFAULT_ADMIN_ROLE)).to.deep.equal([await c.timelock.getAddress()]);
    });

    it("holds SLA_ROLE on the escrow and the marketplace", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      const sla = await c.sla.getAddress();
      expect(await c.escrow.hasRole(await c.escrow.SLA_ROLE(), sla)).to.equal(true);
      expect(await c.marketplace.hasRole(await c.marketplace.SLA_ROLE(), sla)).to.equal(true);
    });

    describe("errors", function () {
      const deploy = async (c: Context, reporters: string[], quorum: number) => {
        const factory = await ethers.getContractFactory("SLAEnforcement");
        return {
          factory,
          tx: factory.deploy(c.marketplace, c.escrow, c.timelock, reporters, quorum, DISPUTE_WINDOW),
        };
      };

      it("rejects a zero quorum", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const { factory, tx } = await deploy(c, [c.reporters[0].address], 0);
        await expect(tx).to.be.revertedWithCustomError(factory, "SLAInvalidQuorum").withArgs(0, 1);
      });

      it("rejects a quorum larger than the reporter set", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const { factory, tx } = await deploy(
          c,
          c.reporters.map((r) => r.address),
          4,
        );
        await expect(tx).to.be.revertedWithCustomError(factory, "SLAInvalidQuorum").withArgs(4, 3);
      });

      it("counts a reporter listed twice once", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const r = c.reporters[0].address;
        const { factory, tx } = await deploy(c, [r, r], 2);
        await expect(tx).to.be.revertedWithCustomError(factory, "SLAInvalidQuorum").withArgs(2, 1);
      });
    });
  });

  describe("periodBounds", function () {
    it("splits the booking into periods, the last one capped at the booking's end", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      expect(c.end - c.start).to.equal(DURATION);
      for (const period of [0n, 1n, 2n]) {
        expect(await c.sla.periodBounds(c.bookingId, period)).to.deep.equal([
          c.start + period * PERIOD,
          c.start + (period + 1n) * PERIOD,
        ]);
      }
      expect(await c.sla.periodBounds(c.bookingId, 3n)).to.deep.equal([c.start + 3n * PERIOD, c.end]);
    });

    it("reverts past the last period, also for indices that would overflow", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await expect(c.sla.periodBounds(c.bookingId, 4n))
        .to.be.revertedWithCustomError(c.sla, "SLAPeriodOutOfRange")
        .withArgs(c.bookingId, 4n);
      await expect(c.sla.periodBounds(c.bookingId, ethers.MaxUint256))
        .to.be.revertedWithCustomError(c.sla, "SLAPeriodOutOfRange")
        .withArgs(c.bookingId, ethers.MaxUint256);
    });

    it("follows an extension of the booking", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      const extra = PERIOD / 2n;
      await c.token.connect(c.consumer).approve(c.escrow, extra * RATE);
      await c.marketplace.connect(c.consumer).extendBooking(c.bookingId, extra);
      // 3.5 + 0.5: the last period is now a full one.
      expect(await c.sla.periodBounds(c.bookingId, 3n)).to.deep.equal([c.start + 3n * PERIOD, c.start + 4n * PERIOD]);
      await expect(c.sla.periodBounds(c.bookingId, 4n))
        .to.be.revertedWithCustomError(c.sla, "SLAPeriodOutOfRange")
        .withArgs(c.bookingId, 4n);
    });

    it("reverts for a booking that was never activated", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      const requested = await bookResource(c, c.consumer2, c.resourceId, PERIOD);
      await expect(c.sla.periodBounds(requested, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLABookingNotActivated")
        .withArgs(requested);
    });
  });

  describe("submitReport", function () {
    it("records a single submission without finalizing", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      const [reporter] = c.reporters;
      await expect(c.sla.connect(reporter).submitReport(c.bookingId, 0n, ...GOOD))
        .to.emit(c.sla, "ReportSubmitted")
        .withArgs(c.bookingId, 0n, reporter.address, ...GOOD, 1n)
        .and.not.to.emit(c.sla, "ReportFinalized");
      expect(await c.sla.hasSubmitted(c.bookingId, 0n, reporter)).to.equal(true);
      expect(await c.sla.hasSubmitted(c.bookingId, 0n, c.reporters[1])).to.equal(false);
      expect(await c.sla.votesFor(c.bookingId, 0n, ...GOOD)).to.equal(1n);
      expect((await c.sla.getReport(c.bookingId, 0n)).status).to.equal(ReportStatus.None);
    });

    it("finalizes when a second reporter submits the same measurement", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, ...GOOD);
      const tx = c.sla.connect(c.reporters[1]).submitReport(c.bookingId, 0n, ...GOOD);
      await expect(tx)
        .to.emit(c.sla, "ReportSubmitted")
        .withArgs(c.bookingId, 0n, c.reporters[1].address, ...GOOD, 2n)
        .and.to.emit(c.sla, "ReportFinalized")
        .withArgs(c.bookingId, 0n, c.provider.address, ...GOOD, false, 0n)
        .and.not.to.emit(c.sla, "ReportApplied");

      const report = await c.sla.getReport(c.bookingId, 0n);
      expect(report.uptimeBps).to.equal(GOOD[0]);
      expect(report.p95LatencyMs).to.equal(GOOD[1]);
      expect(report.violated).to.equal(false);
      expect(report.status).to.equal(ReportStatus.Pending);
      expect(report.disputeClosesAt).to.equal(BigInt(await time.latest()) + DISPUTE_WINDOW);
      expect(report.penalty).to.equal(0n);
    });

    it("does not count disagreeing measurements together", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      const [r1, r2, r3] = c.reporters;
      await c.sla.connect(r1).submitReport(c.bookingId, 0n, ...GOOD);
      // Differs in uptime only: a separate measurement.
      await expect(c.sla.connect(r2).submitReport(c.bookingId, 0n, GOOD[0] - 1, GOOD[1]))
        .to.emit(c.sla, "ReportSubmitted")
        .withArgs(c.bookingId, 0n, r2.address, GOOD[0] - 1, GOOD[1], 1n)
        .and.not.to.emit(c.sla, "ReportFinalized");
      expect(await c.sla.votesFor(c.bookingId, 0n, ...GOOD)).to.equal(1n);
      expect(await c.sla.votesFor(c.bookingId, 0n, GOOD[0] - 1, GOOD[1])).to.equal(1n);
      expect((await c.sla.getReport(c.bookingId, 0n)).status).to.equal(ReportStatus.None);

      // The third reporter agrees with the first: that pair finalizes.
      await expect(c.sla.connect(r3).submitReport(c.bookingId, 0n, ...GOOD))
        .to.emit(c.sla, "ReportFinalized")
        .withArgs(c.bookingId, 0n, c.provider.address, ...GOOD, false, 0n);
    });

    it("does not count measurements that differ only in latency together", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, ...GOOD);
      await expect(c.sla.connect(c.reporters[1]).submitReport(c.bookingId, 0n, GOOD[0], GOOD[1] + 1)).not.to.emit(
        c.sla,
        "ReportFinalized",
      );
      expect((await c.sla.getReport(c.bookingId, 0n)).status).to.equal(ReportStatus.None);
    });

    it("keeps periods and bookings apart", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 1n);
      await c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, ...GOOD);
      await expect(c.sla.connect(c.reporters[1]).submitReport(c.bookingId, 1n, ...GOOD)).not.to.emit(
        c.sla,
        "ReportFinalized",
      );
      expect(await c.sla.votesFor(c.bookingId, 0n, ...GOOD)).to.equal(1n);
      expect(await c.sla.votesFor(c.bookingId, 1n, ...GOOD)).to.equal(1n);
      expect(await c.sla.votesFor(c.bookingId + 1n, 0n, ...GOOD)).to.equal(0n);
    });

    it("accepts measurements exactly at the SLA bounds as no violation", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      const atBounds: Measurement = [DEFAULT_SLA.uptimeTargetBps, DEFAULT_SLA.p95LatencyMs];
      await expect(submitMatching(c, 0n, atBounds))
        .to.emit(c.sla, "ReportFinalized")
        .withArgs(c.bookingId, 0n, c.provider.address, ...atBounds, false, 0n);
    });

    it("accepts 100% uptime", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await expect(submitMatching(c, 0n, [10_000, 1]))
        .to.emit(c.sla, "ReportFinalized")
        .withArgs(c.bookingId, 0n, c.provider.address, 10_000, 1, false, 0n);
    });

    describe("violations and penalties", function () {
      it("uptime below target: penalty = periodLength × rate × penaltyBps / 10000", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 0n);
        const penalty = penaltyFor(PERIOD);
        expect(penalty).to.equal(360n * 10n ** 15n);
        await expect(submitMatching(c, 0n, BAD_UPTIME))
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(c.bookingId, 0n, c.provider.address, ...BAD_UPTIME, true, penalty);
        const report = await c.sla.getReport(c.bookingId, 0n);
        expect(report.violated).to.equal(true);
        expect(report.penalty).to.equal(penalty);
      });

      it("latency above the bound", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 1n);
        await expect(submitMatching(c, 1n, BAD_LATENCY))
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(c.bookingId, 1n, c.provider.address, ...BAD_LATENCY, true, penaltyFor(PERIOD));
      });

      it("the shorter last period costs proportionally less", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 3n);
        const length = c.end - (c.start + 3n * PERIOD);
        expect(length).to.equal(PERIOD / 2n);
        await expect(submitMatching(c, 3n, BAD_UPTIME))
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(c.bookingId, 3n, c.provider.address, ...BAD_UPTIME, true, penaltyFor(length));
      });

      it("a cancelled booking ends its last period at the cancellation", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const cancelledAt = c.start + PERIOD + 1_400n;
        await time.setNextBlockTimestamp(cancelledAt);
        await c.marketplace.connect(c.consumer).cancelBooking(c.bookingId);
        expect(await c.sla.periodBounds(c.bookingId, 1n)).to.deep.equal([c.start + PERIOD, cancelledAt]);
        await expect(c.sla.periodBounds(c.bookingId, 2n))
          .to.be.revertedWithCustomError(c.sla, "SLAPeriodOutOfRange")
          .withArgs(c.bookingId, 2n);

        // Period 1 is over at once: the booking ended.
        await expect(submitMatching(c, 1n, BAD_UPTIME))
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(c.bookingId, 1n, c.provider.address, ...BAD_UPTIME, true, penaltyFor(1_400n));
      });

      it("a resource with a zero penalty still records the violation", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const resourceId = await listResource(c, c.provider, {
          sla: { penaltyBps: 0 },
        });
        const bookingId = await bookResource(c, c.consumer2, resourceId, PERIOD);
        await activateBooking(c, c.provider, bookingId);
        await endOf(c, 0n, bookingId);
        await expect(submitMatching(c, 0n, BAD_UPTIME, undefined, bookingId))
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(bookingId, 0n, c.provider.address, ...BAD_UPTIME, true, 0n);
        await time.increaseTo(await closesAt(c, 0n, bookingId));
        await expect(c.sla.applyReport(bookingId, 0n))
          .to.emit(c.sla, "ReportApplied")
          .withArgs(bookingId, 0n, c.provider.address, true, 0n, 0n, INITIAL_REPUTATION - LOSS)
          .and.not.to.emit(c.escrow, "PenaltyApplied");
        expect((await c.sla.getProviderRecord(c.provider)).strikes).to.equal(1n);
      });
    });

    describe("errors", function () {
      it("rejects a caller without REPORTER_ROLE", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 0n);
        for (const caller of [c.outsider, c.provider, c.consumer, c.deployer]) {
          await expect(c.sla.connect(caller).submitReport(c.bookingId, 0n, ...GOOD))
            .to.be.revertedWithCustomError(c.sla, "SLANotReporter")
            .withArgs(caller.address);
        }
      });

      it("rejects uptime above 10000 bps", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 0n);
        await expect(c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, 10_001, 100))
          .to.be.revertedWithCustomError(c.sla, "SLAInvalidMeasurement")
          .withArgs(10_001);
      });

      it("rejects a second submission by the same reporter, even with another measurement", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 0n);
        const [r1] = c.reporters;
        await c.sla.connect(r1).submitReport(c.bookingId, 0n, ...GOOD);
        for (const measurement of [GOOD, BAD_UPTIME]) {
          await expect(c.sla.connect(r1).submitReport(c.bookingId, 0n, ...measurement))
            .to.be.revertedWithCustomError(c.sla, "SLAAlreadySubmitted")
            .withArgs(c.bookingId, 0n, r1.address);
        }
      });

      it("rejects submissions once the report is final", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 0n);
        await submitMatching(c, 0n, GOOD);
        await expect(c.sla.connect(c.reporters[2]).submitReport(c.bookingId, 0n, ...GOOD))
          .to.be.revertedWithCustomError(c.sla, "SLAReportFinal")
          .withArgs(c.bookingId, 0n);
      });

      it("rejects a period that is not over, up to its last second", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const periodEnd = c.start + PERIOD;
        await expect(c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, ...GOOD))
          .to.be.revertedWithCustomError(c.sla, "SLAPeriodNotOver")
          .withArgs(c.bookingId, 0n, periodEnd);
        await time.setNextBlockTimestamp(periodEnd - 1n);
        await expect(c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, ...GOOD))
          .to.be.revertedWithCustomError(c.sla, "SLAPeriodNotOver")
          .withArgs(c.bookingId, 0n, periodEnd);
        await time.setNextBlockTimestamp(periodEnd);
        await expect(c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, ...GOOD)).to.emit(
          c.sla,
          "ReportSubmitted",
        );
      });

      it("rejects a period past the booking's end", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await time.increaseTo(c.end);
        await expect(c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 4n, ...GOOD))
          .to.be.revertedWithCustomError(c.sla, "SLAPeriodOutOfRange")
          .withArgs(c.bookingId, 4n);
      });

      it("rejects a booking that was never activated, or does not exist", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const requested = await bookResource(c, c.consumer2, c.resourceId, PERIOD);
        for (const bookingId of [requested, 999n]) {
          await expect(c.sla.connect(c.reporters[0]).submitReport(bookingId, 0n, ...GOOD))
            .to.be.revertedWithCustomError(c.sla, "SLABookingNotActivated")
            .withArgs(bookingId);
        }
      });

      it("rejects a booking reclaimed after its provisioning deadline", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const bookingId = await bookResource(c, c.consumer2, c.resourceId, PERIOD);
        await time.increase((await c.marketplace.provisionWindow()) + 1n);
        await c.marketplace.reclaimBooking(bookingId);
        await expect(c.sla.connect(c.reporters[0]).submitReport(bookingId, 0n, ...GOOD))
          .to.be.revertedWithCustomError(c.sla, "SLABookingNotActivated")
          .withArgs(bookingId);
      });
    });
  });

  describe("applyReport", function () {
    it("applies a good report after the window: reputation up, no money moves", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await finalizeAndWait(c, 0n, GOOD);
      // Anyone may apply.
      const tx = await c.sla.connect(c.outsider).applyReport(c.bookingId, 0n);
      await expect(tx)
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, false, 0n, 0n, INITIAL_REPUTATION + GAIN);
      await expect(tx).to.changeTokenBalances(ethers, c.token, [c.consumer, c.escrow, c.marketplace], [0n, 0n, 0n]);
      expect((await c.sla.getReport(c.bookingId, 0n)).status).to.equal(ReportStatus.Applied);
      const record = await c.sla.getProviderRecord(c.provider);
      expect(record.reputationBps).to.equal(INITIAL_REPUTATION + GAIN);
      expect(record.periodsReported).to.equal(1n);
      expect(record.violations).to.equal(0n);
      expect(record.strikes).to.equal(0n);
    });

    it("applies a violation: the penalty goes from the escrow to the consumer", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await finalizeAndWait(c, 0n, BAD_UPTIME);
      const penalty = penaltyFor(PERIOD);
      const tx = await c.sla.applyReport(c.bookingId, 0n);
      await expect(tx)
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, true, penalty, 0n, INITIAL_REPUTATION - LOSS)
        .and.to.emit(c.escrow, "PenaltyApplied")
        .withArgs(c.bookingId, c.consumer.address, penalty, penalty);
      await expect(tx).to.changeTokenBalances(
        ethers,
        c.token,
        [c.consumer, c.escrow, c.marketplace],
        [penalty, -penalty, 0n],
      );
      expect((await c.escrow.getStream(c.bookingId)).penalized).to.equal(penalty);
      expect((await c.marketplace.getProvider(c.provider)).stake).to.equal(STAKE);
      const record = await c.sla.getProviderRecord(c.provider);
      expect(record.violations).to.equal(1n);
      expect(record.strikes).to.equal(1n);
    });

    it("lowers what the provider can withdraw by the penalty", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await finalizeAndWait(c, 0n, BAD_UPTIME);
      await c.sla.applyReport(c.bookingId, 0n);
      await time.increaseTo(c.end);
      const gross = DURATION * RATE - penaltyFor(PERIOD);
      const fee = (gross * (await c.escrow.platformFeeBps())) / BPS;
      expect(await c.escrow.withdrawable(c.bookingId)).to.equal(gross - fee);
    });

    it("takes the whole penalty from the stake once the provider withdrew everything", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await time.increaseTo(c.end);
      await c.escrow.connect(c.provider).withdraw(c.bookingId);
      expect(await c.escrow.balanceOf(c.bookingId)).to.equal(0n);

      await finalizeAndWait(c, 0n, BAD_UPTIME);
      const penalty = penaltyFor(PERIOD);
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, true, 0n, penalty, INITIAL_REPUTATION - LOSS)
        .and.to.emit(c.marketplace, "StakeSlashed")
        .withArgs(c.provider.address, c.consumer.address, penalty, STAKE - penalty)
        .and.not.to.emit(c.escrow, "PenaltyApplied");
      expect((await c.marketplace.getProvider(c.provider)).stake).to.equal(STAKE - penalty);
    });

    it("splits the penalty between escrow and stake when the escrow holds too little", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      // The provider withdraws 100 s before the end: 100 s of earnings stay in the escrow.
      await time.setNextBlockTimestamp(c.end - 100n);
      await c.escrow.connect(c.provider).withdraw(c.bookingId);
      await time.increaseTo(c.end);
      const left = 100n * RATE;
      expect(await c.escrow.balanceOf(c.bookingId)).to.equal(left);

      await finalizeAndWait(c, 0n, BAD_UPTIME);
      const penalty = penaltyFor(PERIOD);
      const tx = await c.sla.applyReport(c.bookingId, 0n);
      await expect(tx)
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, true, left, penalty - left, INITIAL_REPUTATION - LOSS)
        .and.to.emit(c.escrow, "PenaltyApplied")
        .withArgs(c.bookingId, c.consumer.address, left, left)
        .and.to.emit(c.marketplace, "StakeSlashed")
        .withArgs(c.provider.address, c.consumer.address, penalty - left, STAKE - (penalty - left));
      await expect(tx).to.changeTokenBalances(
        ethers,
        c.token,
        [c.consumer, c.escrow, c.marketplace],
        [penalty, -left, left - penalty],
      );
    });

    it("never pays a penalty out of the consumer's unearned prepayment", async function () {
      // Regression: the escrow used to cap a penalty at the booking's balance, which while the booking
      // runs includes the consumer's prepayment for time not yet served. A penalty taken from it
      // was handed back to the consumer as the refund of a later cancellation, so the provider
      // escaped it. The escrow now caps it at what the provider earned and did not withdraw, and
      // the SLA contract slashes the stake for the rest.
      const c = await networkHelpers.loadFixture(slaFixture);
      const consumerBefore = await c.token.balanceOf(c.consumer);
      await endOf(c, 0n);
      await submitMatching(c, 0n, BAD_UPTIME);
      const applyAt = await closesAt(c, 0n);
      const penalty = penaltyFor(PERIOD);

      // The provider withdraws everything earned just before the report is applied.
      await time.setNextBlockTimestamp(applyAt - 1n);
      await c.escrow.connect(c.provider).withdraw(c.bookingId);
      await time.setNextBlockTimestamp(applyAt);
      const applied = await c.sla.applyReport(c.bookingId, 0n);
      // One second of earnings is left in the escrow; the stake pays the rest.
      await expect(applied)
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, true, RATE, penalty - RATE, INITIAL_REPUTATION - LOSS);
      await expect(applied)
        .to.emit(c.marketplace, "StakeSlashed")
        .withArgs(c.provider.address, c.consumer.address, penalty - RATE, STAKE - (penalty - RATE));

      // The consumer cancels: it pays for the time served, less the penalty.
      await time.setNextBlockTimestamp(applyAt + 1n);
      await c.marketplace.connect(c.consumer).cancelBooking(c.bookingId);
      const served = applyAt + 1n - c.start;
      // The consumer prepaid the whole booking in the fixture; penalty and refund came back.
      const paid = DURATION * RATE - ((await c.token.balanceOf(c.consumer)) - consumerBefore);
      expect(paid).to.equal(served * RATE - penalty);
      // The provider keeps what it earned, less the penalty (escrow part and stake part).
      const stream = await c.escrow.getStream(c.bookingId);
      expect(stream.settled + (await c.escrow.balanceOf(c.bookingId))).to.equal(served * RATE - RATE);
      expect((await c.marketplace.getProvider(c.provider)).stake).to.equal(STAKE - (penalty - RATE));
    });

    it("penalizes a cancelled booking's last period from the provider's unwithdrawn earnings", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await time.setNextBlockTimestamp(c.start + PERIOD + 1_400n);
      await c.marketplace.connect(c.consumer).cancelBooking(c.bookingId);
      const earned = (PERIOD + 1_400n) * RATE;
      expect(await c.escrow.balanceOf(c.bookingId)).to.equal(earned);

      await finalizeAndWait(c, 1n, BAD_UPTIME);
      const penalty = penaltyFor(1_400n);
      const tx = await c.sla.applyReport(c.bookingId, 1n);
      await expect(tx)
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 1n, c.provider.address, true, penalty, 0n, INITIAL_REPUTATION - LOSS);
      await expect(tx).to.changeTokenBalances(ethers, c.token, [c.consumer, c.escrow], [penalty, -penalty]);
      expect(await c.escrow.balanceOf(c.bookingId)).to.equal(earned - penalty);
    });

    it("rejects a report before its dispute window closed, up to the last second", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await submitMatching(c, 0n, GOOD);
      const closes = await closesAt(c, 0n);
      expect(closes).to.equal(BigInt(await time.latest()) + DISPUTE_WINDOW);
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLADisputeWindowOpen")
        .withArgs(c.bookingId, 0n, closes);
      await time.setNextBlockTimestamp(closes - 1n);
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLADisputeWindowOpen")
        .withArgs(c.bookingId, 0n, closes);
      await time.setNextBlockTimestamp(closes);
      await expect(c.sla.applyReport(c.bookingId, 0n)).to.emit(c.sla, "ReportApplied");
    });

    it("rejects a report that is not final", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await c.sla.connect(c.reporters[0]).submitReport(c.bookingId, 0n, ...GOOD);
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.None);
    });

    it("rejects a report applied twice", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await finalizeAndWait(c, 0n, BAD_UPTIME);
      await c.sla.applyReport(c.bookingId, 0n);
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.Applied);
    });

    it("rejects a disputed report", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await submitMatching(c, 0n, BAD_UPTIME);
      await c.sla.connect(c.provider).disputeReport(c.bookingId, 0n);
      await time.increaseTo(await closesAt(c, 0n));
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.Disputed);
    });
  });

  describe("disputeReport", function () {
    for (const party of ["consumer", "provider"] as const) {
      it(`lets the ${party} escalate a final report inside the window`, async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 0n);
        await submitMatching(c, 0n, party === "provider" ? BAD_UPTIME : GOOD);
        await time.setNextBlockTimestamp((await closesAt(c, 0n)) - 1n);
        await expect(c.sla.connect(c[party]).disputeReport(c.bookingId, 0n))
          .to.emit(c.sla, "ReportDisputed")
          .withArgs(c.bookingId, 0n, c[party].address);
        expect((await c.sla.getReport(c.bookingId, 0n)).status).to.equal(ReportStatus.Disputed);
      });
    }

    it("rejects anyone else", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await submitMatching(c, 0n, BAD_UPTIME);
      for (const caller of [c.outsider, c.consumer2, c.reporters[0], c.governance]) {
        await expect(c.sla.connect(caller).disputeReport(c.bookingId, 0n))
          .to.be.revertedWithCustomError(c.sla, "SLANotParty")
          .withArgs(c.bookingId, await caller.getAddress());
      }
    });

    it("rejects a dispute once the window closed", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await submitMatching(c, 0n, BAD_UPTIME);
      const closes = await closesAt(c, 0n);
      await time.setNextBlockTimestamp(closes);
      await expect(c.sla.connect(c.provider).disputeReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLADisputeWindowClosed")
        .withArgs(c.bookingId, 0n, closes);
    });

    it("rejects a report that is not pending: not final, already disputed, already applied", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await expect(c.sla.connect(c.provider).disputeReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.None);

      await endOf(c, 1n);
      await submitMatching(c, 0n, BAD_UPTIME);
      await c.sla.connect(c.provider).disputeReport(c.bookingId, 0n);
      await expect(c.sla.connect(c.consumer).disputeReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.Disputed);

      await submitMatching(c, 1n, GOOD);
      await time.increaseTo(await closesAt(c, 1n));
      await c.sla.applyReport(c.bookingId, 1n);
      await expect(c.sla.connect(c.consumer).disputeReport(c.bookingId, 1n))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 1n, ReportStatus.Applied);
    });
  });

  describe("resolveDispute", function () {
    it("is for governance only", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await submitMatching(c, 0n, BAD_UPTIME);
      await c.sla.connect(c.provider).disputeReport(c.bookingId, 0n);
      for (const caller of [c.outsider, c.deployer, c.provider, c.reporters[0]]) {
        await expect(c.sla.connect(caller).resolveDispute(c.bookingId, 0n, false))
          .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, c.DEFAULT_ADMIN_ROLE);
      }
    });

    it("rejects a report that is not disputed", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 0n);
      await expect(c.sla.connect(c.governance).resolveDispute(c.bookingId, 0n, true))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.None);
      await submitMatching(c, 0n, BAD_UPTIME);
      await expect(c.sla.connect(c.governance).resolveDispute(c.bookingId, 0n, true))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.Pending);
    });

    it("governance overturns a violation through a proposal (propose → vote → queue → execute)", async function () {
      const c = await networkHelpers.loadFixture(governedSlaFixture);
      await endOf(c, 0n);
      await submitMatching(c, 0n, BAD_UPTIME);
      await expect(c.sla.connect(c.provider).disputeReport(c.bookingId, 0n))
        .to.emit(c.sla, "ReportDisputed")
        .withArgs(c.bookingId, 0n, c.provider.address);

      const proposal = c.helper.proposal(
        [
          {
            target: c.sla,
            data: c.sla.interface.encodeFunctionData("resolveDispute", [c.bookingId, 0n, false]),
          },
        ],
        "Booking 1, period 0: the provider met its SLA",
      );
      expect(await proposal.pass({ proposer: c.deployer, voters: [c.deployer] })).to.equal(ProposalState.Queued);
      // While governance decides, the report cannot be applied.
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
        .withArgs(c.bookingId, 0n, ReportStatus.Disputed);

      const tx = await proposal.execute();
      await expect(tx)
        .to.emit(c.sla, "DisputeResolved")
        .withArgs(c.bookingId, 0n, false, 0n)
        .and.to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, false, 0n, 0n, INITIAL_REPUTATION + GAIN);
      await expect(tx).to.changeTokenBalances(ethers, c.token, [c.consumer, c.escrow, c.marketplace], [0n, 0n, 0n]);
      expect(await proposal.state()).to.equal(ProposalState.Executed);
      const report = await c.sla.getReport(c.bookingId, 0n);
      expect(report.violated).to.equal(false);
      expect(report.penalty).to.equal(0n);
      expect(report.status).to.equal(ReportStatus.Applied);
      const record = await c.sla.getProviderRecord(c.provider);
      expect(record.violations).to.equal(0n);
      expect(record.strikes).to.equal(0n);
    });

    it("governance upholds a consumer's dispute through a proposal: the penalty is paid", async function () {
      const c = await networkHelpers.loadFixture(governedSlaFixture);
      await endOf(c, 0n);
      await submitMatching(c, 0n, GOOD);
      await c.sla.connect(c.consumer).disputeReport(c.bookingId, 0n);

      const penalty = penaltyFor(PERIOD);
      const proposal = c.helper.proposal(
        [
          {
            target: c.sla,
            data: c.sla.interface.encodeFunctionData("resolveDispute", [c.bookingId, 0n, true]),
          },
        ],
        "Booking 1, period 0: the provider violated its SLA",
      );
      const tx = await proposal.passAndExecute({
        proposer: c.deployer,
        voters: [c.deployer],
      });
      await expect(tx)
        .to.emit(c.sla, "DisputeResolved")
        .withArgs(c.bookingId, 0n, true, penalty)
        .and.to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, true, penalty, 0n, INITIAL_REPUTATION - LOSS);
      await expect(tx).to.changeTokenBalances(ethers, c.token, [c.consumer, c.escrow], [penalty, -penalty]);
      const report = await c.sla.getReport(c.bookingId, 0n);
      expect(report.violated).to.equal(true);
      expect(report.penalty).to.equal(penalty);
      expect(report.status).to.equal(ReportStatus.Applied);
      expect((await c.sla.getProviderRecord(c.provider)).strikes).to.equal(1n);
    });

    it("a violation upheld on the shorter last period costs that period's penalty", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endOf(c, 3n);
      await submitMatching(c, 3n, BAD_UPTIME);
      await c.sla.connect(c.provider).disputeReport(c.bookingId, 3n);
      const penalty = penaltyFor(PERIOD / 2n);
      const tx = await c.sla.connect(c.governance).resolveDispute(c.bookingId, 3n, true);
      await expect(tx).to.emit(c.sla, "DisputeResolved").withArgs(c.bookingId, 3n, true, penalty);
      await expect(tx).to.changeTokenBalance(ethers, c.token, c.consumer, penalty);
    });
  });

  describe("stake holds", function () {
    /** Lets the booking end and completes it, so only SLA reports can keep the provider from leaving. */
    async function endAndComplete(c: Context) {
      await endOf(c, 3n);
      await c.marketplace.completeBooking(c.bookingId);
      expect((await c.marketplace.getProvider(c.provider)).openBookings).to.equal(0n);
    }

    it("a report in its dispute window keeps the provider from deregistering; applying it releases the stake", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endAndComplete(c);
      await expect(submitMatching(c, 0n, BAD_UPTIME))
        .to.emit(c.marketplace, "StakeHeld")
        .withArgs(c.provider.address, 1n);
      await submitMatching(c, 1n, GOOD);
      expect((await c.marketplace.getProvider(c.provider)).stakeHolds).to.equal(2n);
      await expect(c.marketplace.connect(c.provider).deregisterProvider())
        .to.be.revertedWithCustomError(c.marketplace, "MarketplaceStakeHeld")
        .withArgs(c.provider.address, 2n);

      await time.increaseTo(await closesAt(c, 1n));
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.emit(c.marketplace, "StakeReleased")
        .withArgs(c.provider.address, 1n);
      await expect(c.marketplace.connect(c.provider).deregisterProvider())
        .to.be.revertedWithCustomError(c.marketplace, "MarketplaceStakeHeld")
        .withArgs(c.provider.address, 1n);
      // The provider itself may apply its last report once the window closed, then leave.
      await expect(c.sla.connect(c.provider).applyReport(c.bookingId, 1n))
        .to.emit(c.marketplace, "StakeReleased")
        .withArgs(c.provider.address, 0n);
      await expect(c.marketplace.connect(c.provider).deregisterProvider()).to.emit(
        c.marketplace,
        "ProviderDeregistered",
      );
    });

    it("the penalty of a report finalized after the provider's last booking closed still reaches its stake", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endAndComplete(c);
      // The provider withdraws all its earnings first: the penalty can only come from the stake.
      await c.escrow.connect(c.provider).withdraw(c.bookingId);
      await submitMatching(c, 2n, BAD_UPTIME);
      await expect(c.marketplace.connect(c.provider).deregisterProvider()).to.be.revertedWithCustomError(
        c.marketplace,
        "MarketplaceStakeHeld",
      );
      await time.increaseTo(await closesAt(c, 2n));
      const penalty = penaltyFor(PERIOD);
      await expect(c.sla.applyReport(c.bookingId, 2n))
        .to.emit(c.marketplace, "StakeSlashed")
        .withArgs(c.provider.address, c.consumer.address, penalty, STAKE - penalty);
      expect((await c.marketplace.getProvider(c.provider)).stakeHolds).to.equal(0n);
    });

    it("a dispute keeps the hold until governance resolves it", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await endAndComplete(c);
      await submitMatching(c, 0n, BAD_UPTIME);
      await c.sla.connect(c.provider).disputeReport(c.bookingId, 0n);
      await time.increase(DISPUTE_WINDOW * 10n);
      await expect(c.marketplace.connect(c.provider).deregisterProvider())
        .to.be.revertedWithCustomError(c.marketplace, "MarketplaceStakeHeld")
        .withArgs(c.provider.address, 1n);
      await expect(c.sla.connect(c.governance).resolveDispute(c.bookingId, 0n, false))
        .to.emit(c.marketplace, "StakeReleased")
        .withArgs(c.provider.address, 0n);
      await expect(c.marketplace.connect(c.provider).deregisterProvider()).to.emit(
        c.marketplace,
        "ProviderDeregistered",
      );
    });

    it("a report applied at once (dispute window 0) holds nothing", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await c.sla.connect(c.governance).setDisputeWindow(0);
      await endAndComplete(c);
      await expect(submitMatching(c, 0n, BAD_UPTIME))
        .to.emit(c.sla, "ReportApplied")
        .and.not.to.emit(c.marketplace, "StakeHeld");
      expect((await c.marketplace.getProvider(c.provider)).stakeHolds).to.equal(0n);
      await expect(c.marketplace.connect(c.provider).deregisterProvider()).to.emit(
        c.marketplace,
        "ProviderDeregistered",
      );
    });
  });

  describe("reputation and strikes", function () {
    it("starts every provider at the initial reputation", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      for (const account of [c.provider, c.provider2, c.outsider]) {
        expect(await c.sla.reputationOf(account)).to.equal(INITIAL_REPUTATION);
        const record = await c.sla.getProviderRecord(account);
        expect([record.reputationBps, record.periodsReported, record.violations, record.strikes]).to.deep.equal([
          INITIAL_REPUTATION,
          0n,
          0n,
          0n,
        ]);
      }
    });

    it("moves up on good periods and down on violations", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await time.increaseTo(c.end);
      await submitMatching(c, 0n, GOOD);
      await submitMatching(c, 1n, GOOD);
      await submitMatching(c, 2n, BAD_LATENCY);
      await time.increase(DISPUTE_WINDOW);
      await c.sla.applyReport(c.bookingId, 0n);
      expect(await c.sla.reputationOf(c.provider)).to.equal(INITIAL_REPUTATION + GAIN);
      await c.sla.applyReport(c.bookingId, 1n);
      expect(await c.sla.reputationOf(c.provider)).to.equal(INITIAL_REPUTATION + 2n * GAIN);
      await c.sla.applyReport(c.bookingId, 2n);
      expect(await c.sla.reputationOf(c.provider)).to.equal(INITIAL_REPUTATION + 2n * GAIN - LOSS);
      const record = await c.sla.getProviderRecord(c.provider);
      expect(record.periodsReported).to.equal(3n);
      expect(record.violations).to.equal(1n);
      expect(record.strikes).to.equal(1n);
      // Other providers are untouched.
      expect(await c.sla.reputationOf(c.provider2)).to.equal(INITIAL_REPUTATION);
    });

    it("is clamped at 10000", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await c.sla.connect(c.governance).setReputationParams(6_000, LOSS);
      await time.increaseTo(c.end);
      await submitMatching(c, 0n, GOOD);
      await submitMatching(c, 1n, GOOD);
      await time.increase(DISPUTE_WINDOW);
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, false, 0n, 0n, 10_000);
      await expect(c.sla.applyReport(c.bookingId, 1n))
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 1n, c.provider.address, false, 0n, 0n, 10_000);
    });

    it("is clamped at 0", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await c.sla.connect(c.governance).setReputationParams(GAIN, 3_000);
      await time.increaseTo(c.end);
      await submitMatching(c, 0n, BAD_UPTIME);
      await submitMatching(c, 1n, BAD_UPTIME);
      await time.increase(DISPUTE_WINDOW);
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, true, penaltyFor(PERIOD), 0n, 2_000);
      await expect(c.sla.applyReport(c.bookingId, 1n))
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 1n, c.provider.address, true, penaltyFor(PERIOD), 0n, 0);
      expect(await c.sla.reputationOf(c.provider)).to.equal(0n);
    });

    it("slashes 10% of the stake to the treasury on the third strike and resets the strikes", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      const treasury = await c.escrow.treasury();
      expect(treasury).to.equal(await c.timelock.getAddress());
      await time.increaseTo(c.end);
      for (const period of [0n, 1n, 2n, 3n]) await submitMatching(c, period, BAD_UPTIME);
      await time.increase(DISPUTE_WINDOW);

      for (const period of [0n, 1n]) {
        await expect(c.sla.applyReport(c.bookingId, period)).not.to.emit(c.sla, "ProviderSlashed");
      }
      expect((await c.sla.getProviderRecord(c.provider)).strikes).to.equal(2n);

      const slashed = (STAKE * 1_000n) / BPS;
      const tx = await c.sla.applyReport(c.bookingId, 2n);
      await expect(tx)
        .to.emit(c.sla, "ProviderSlashed")
        .withArgs(c.provider.address, slashed, 3)
        .and.to.emit(c.marketplace, "StakeSlashed")
        .withArgs(c.provider.address, treasury, slashed, STAKE - slashed);
      await expect(tx).to.changeTokenBalances(ethers, c.token, [treasury, c.marketplace], [slashed, -slashed]);
      let record = await c.sla.getProviderRecord(c.provider);
      expect(record.strikes).to.equal(0n);
      expect(record.violations).to.equal(3n);
      expect(record.reputationBps).to.equal(INITIAL_REPUTATION - 3n * LOSS);
      expect((await c.marketplace.getProvider(c.provider)).stake).to.equal(STAKE - slashed);

      // The count starts again.
      await expect(c.sla.applyReport(c.bookingId, 3n)).not.to.emit(c.sla, "ProviderSlashed");
      record = await c.sla.getProviderRecord(c.provider);
      expect(record.strikes).to.equal(1n);
      expect(record.violations).to.equal(4n);
    });

    it("slashes after covering the penalty shortfall from the stake", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await c.sla.connect(c.governance).setSlashingParams(1, 5_000);
      await time.increaseTo(c.end);
      await c.escrow.connect(c.provider).withdraw(c.bookingId);
      await finalizeAndWait(c, 0n, BAD_UPTIME);
      const penalty = penaltyFor(PERIOD);
      const slashed = (STAKE - penalty) / 2n;
      await expect(c.sla.applyReport(c.bookingId, 0n))
        .to.emit(c.sla, "ReportApplied")
        .withArgs(c.bookingId, 0n, c.provider.address, true, 0n, penalty, INITIAL_REPUTATION - LOSS)
        .and.to.emit(c.sla, "ProviderSlashed")
        .withArgs(c.provider.address, slashed, 1);
      expect((await c.marketplace.getProvider(c.provider)).stake).to.equal(STAKE - penalty - slashed);
    });

    it("a good period neither adds nor clears strikes", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      await time.increaseTo(c.end);
      await submitMatching(c, 0n, BAD_UPTIME);
      await submitMatching(c, 1n, GOOD);
      await time.increase(DISPUTE_WINDOW);
      await c.sla.applyReport(c.bookingId, 0n);
      await c.sla.applyReport(c.bookingId, 1n);
      const record = await c.sla.getProviderRecord(c.provider);
      expect(record.strikes).to.equal(1n);
      expect(record.reputationBps).to.equal(INITIAL_REPUTATION - LOSS + GAIN);
    });
  });

  describe("governance parameters", function () {
    describe("setQuorum", function () {
      it("sets the quorum between 1 and the number of reporters", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.governance).setQuorum(3)).to.emit(c.sla, "QuorumUpdated").withArgs(2, 3);
        expect(await c.sla.quorum()).to.equal(3n);
        await expect(c.sla.connect(c.governance).setQuorum(1)).to.emit(c.sla, "QuorumUpdated").withArgs(3, 1);
      });

      it("with quorum 1 a single submission finalizes", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await c.sla.connect(c.governance).setQuorum(1);
        await endOf(c, 0n);
        await expect(c.sla.connect(c.reporters[2]).submitReport(c.bookingId, 0n, ...GOOD))
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(c.bookingId, 0n, c.provider.address, ...GOOD, false, 0n);
      });

      it("with quorum 3 two matching submissions do not finalize", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await c.sla.connect(c.governance).setQuorum(3);
        await endOf(c, 0n);
        await expect(submitMatching(c, 0n, GOOD)).not.to.emit(c.sla, "ReportFinalized");
        await expect(c.sla.connect(c.reporters[2]).submitReport(c.bookingId, 0n, ...GOOD))
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(c.bookingId, 0n, c.provider.address, ...GOOD, false, 0n);
      });

      it("rejects 0 and more than the reporters", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        for (const quorum of [0, 4]) {
          await expect(c.sla.connect(c.governance).setQuorum(quorum))
            .to.be.revertedWithCustomError(c.sla, "SLAInvalidQuorum")
            .withArgs(quorum, 3);
        }
      });

      it("is for governance only", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.deployer).setQuorum(1))
          .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
          .withArgs(c.deployer.address, c.DEFAULT_ADMIN_ROLE);
      });
    });

    describe("setDisputeWindow", function () {
      it("sets the window", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.governance).setDisputeWindow(86_400))
          .to.emit(c.sla, "DisputeWindowUpdated")
          .withArgs(DISPUTE_WINDOW, 86_400);
        expect(await c.sla.disputeWindow()).to.equal(86_400n);
      });

      it("does not move the deadline of reports already final", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await endOf(c, 0n);
        await submitMatching(c, 0n, BAD_UPTIME);
        const deadline = await closesAt(c, 0n);
        // A longer window does not delay the pending report...
        await c.sla.connect(c.governance).setDisputeWindow(DISPUTE_WINDOW * 10n);
        await time.increaseTo(deadline);
        await expect(c.sla.connect(c.consumer).disputeReport(c.bookingId, 0n))
          .to.be.revertedWithCustomError(c.sla, "SLADisputeWindowClosed")
          .withArgs(c.bookingId, 0n, deadline);
        await expect(c.sla.applyReport(c.bookingId, 0n)).to.emit(c.sla, "ReportApplied");
        // ...and a shorter one does not cut short the window of the next.
        await endOf(c, 1n);
        await submitMatching(c, 1n, BAD_UPTIME);
        const next = await closesAt(c, 1n);
        expect(next).to.equal(BigInt(await time.latest()) + DISPUTE_WINDOW * 10n);
        await c.sla.connect(c.governance).setDisputeWindow(1);
        await time.increase(60);
        await expect(c.sla.applyReport(c.bookingId, 1n))
          .to.be.revertedWithCustomError(c.sla, "SLADisputeWindowOpen")
          .withArgs(c.bookingId, 1n, next);
        await expect(c.sla.connect(c.provider).disputeReport(c.bookingId, 1n)).to.emit(c.sla, "ReportDisputed");
      });

      it("a zero window applies a report as it becomes final", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.governance).setDisputeWindow(0))
          .to.emit(c.sla, "DisputeWindowUpdated")
          .withArgs(DISPUTE_WINDOW, 0);
        await endOf(c, 0n);
        const penalty = penaltyFor(PERIOD);
        const tx = await submitMatching(c, 0n, BAD_UPTIME);
        await expect(tx)
          .to.emit(c.sla, "ReportFinalized")
          .withArgs(c.bookingId, 0n, c.provider.address, ...BAD_UPTIME, true, penalty)
          .and.to.emit(c.sla, "ReportApplied")
          .withArgs(c.bookingId, 0n, c.provider.address, true, penalty, 0n, INITIAL_REPUTATION - LOSS);
        await expect(tx).to.changeTokenBalance(ethers, c.token, c.consumer, penalty);
        expect((await c.sla.getReport(c.bookingId, 0n)).status).to.equal(ReportStatus.Applied);
        await expect(c.sla.connect(c.consumer).disputeReport(c.bookingId, 0n))
          .to.be.revertedWithCustomError(c.sla, "SLAUnexpectedReportStatus")
          .withArgs(c.bookingId, 0n, ReportStatus.Applied);
      });

      it("is for governance only", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.outsider).setDisputeWindow(0))
          .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
          .withArgs(c.outsider.address, c.DEFAULT_ADMIN_ROLE);
      });
    });

    describe("setReputationParams", function () {
      it("sets the gain and loss, up to 10000 bps each", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.governance).setReputationParams(100, 10_000))
          .to.emit(c.sla, "ReputationParamsUpdated")
          .withArgs(100, 10_000);
        await time.increaseTo(c.end);
        await submitMatching(c, 0n, GOOD);
        await time.increase(DISPUTE_WINDOW);
        await expect(c.sla.applyReport(c.bookingId, 0n))
          .to.emit(c.sla, "ReportApplied")
          .withArgs(c.bookingId, 0n, c.provider.address, false, 0n, 0n, INITIAL_REPUTATION + 100n);
      });

      it("rejects values above 10000 bps", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        for (const [gain, loss] of [
          [10_001, 0],
          [0, 10_001],
        ]) {
          await expect(c.sla.connect(c.governance).setReputationParams(gain, loss)).to.be.revertedWithCustomError(
            c.sla,
            "SLAInvalidParameter",
          );
        }
      });

      it("is for governance only", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.provider).setReputationParams(10_000, 0))
          .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
          .withArgs(c.provider.address, c.DEFAULT_ADMIN_ROLE);
      });
    });

    describe("setSlashingParams", function () {
      it("sets the threshold and share slashed", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.governance).setSlashingParams(1, 10_000))
          .to.emit(c.sla, "SlashingParamsUpdated")
          .withArgs(1, 10_000);
        await finalizeAndWait(c, 0n, BAD_UPTIME);
        await expect(c.sla.applyReport(c.bookingId, 0n))
          .to.emit(c.sla, "ProviderSlashed")
          .withArgs(c.provider.address, STAKE, 1);
        expect((await c.marketplace.getProvider(c.provider)).stake).to.equal(0n);
      });

      it("slashes nothing from an empty stake", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await c.sla.connect(c.governance).setSlashingParams(1, 10_000);
        await time.increaseTo(c.end);
        await submitMatching(c, 0n, BAD_UPTIME);
        await submitMatching(c, 1n, BAD_UPTIME);
        await time.increase(DISPUTE_WINDOW);
        await c.sla.applyReport(c.bookingId, 0n);
        await expect(c.sla.applyReport(c.bookingId, 1n))
          .to.emit(c.sla, "ProviderSlashed")
          .withArgs(c.provider.address, 0n, 2)
          .and.not.to.emit(c.marketplace, "StakeSlashed");
      });

      it("rejects a zero threshold and more than 10000 bps", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        for (const [threshold, bps] of [
          [0, 1_000],
          [3, 10_001],
        ]) {
          await expect(c.sla.connect(c.governance).setSlashingParams(threshold, bps)).to.be.revertedWithCustomError(
            c.sla,
            "SLAInvalidParameter",
          );
        }
      });

      it("is for governance only", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.consumer).setSlashingParams(1, 10_000))
          .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
          .withArgs(c.consumer.address, c.DEFAULT_ADMIN_ROLE);
      });
    });

    describe("reporter set", function () {
      it("governance adds a reporter, who can then report", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.governance).grantRole(c.REPORTER_ROLE, c.outsider))
          .to.emit(c.sla, "RoleGranted")
          .withArgs(c.REPORTER_ROLE, c.outsider.address, await c.timelock.getAddress());
        await endOf(c, 0n);
        await expect(c.sla.connect(c.outsider).submitReport(c.bookingId, 0n, ...GOOD)).to.emit(
          c.sla,
          "ReportSubmitted",
        );
      });

      it("governance removes a reporter while the set stays at or above the quorum", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        const [r1, r2] = c.reporters;
        await expect(c.sla.connect(c.governance).revokeRole(c.REPORTER_ROLE, r1))
          .to.emit(c.sla, "RoleRevoked")
          .withArgs(c.REPORTER_ROLE, r1.address, await c.timelock.getAddress());
        await endOf(c, 0n);
        await expect(c.sla.connect(r1).submitReport(c.bookingId, 0n, ...GOOD))
          .to.be.revertedWithCustomError(c.sla, "SLANotReporter")
          .withArgs(r1.address);
        await expect(c.sla.connect(c.governance).revokeRole(c.REPORTER_ROLE, r2))
          .to.be.revertedWithCustomError(c.sla, "SLAInvalidQuorum")
          .withArgs(2, 1);
      });

      it("revoking below a raised quorum reverts", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await c.sla.connect(c.governance).setQuorum(3);
        await expect(c.sla.connect(c.governance).revokeRole(c.REPORTER_ROLE, c.reporters[0]))
          .to.be.revertedWithCustomError(c.sla, "SLAInvalidQuorum")
          .withArgs(3, 2);
      });

      it("a reporter cannot renounce below the quorum", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await c.sla.connect(c.governance).setQuorum(3);
        const [r1] = c.reporters;
        await expect(c.sla.connect(r1).renounceRole(c.REPORTER_ROLE, r1))
          .to.be.revertedWithCustomError(c.sla, "SLAInvalidQuorum")
          .withArgs(3, 2);
        await c.sla.connect(c.governance).setQuorum(2);
        await expect(c.sla.connect(r1).renounceRole(c.REPORTER_ROLE, r1)).to.emit(c.sla, "RoleRevoked");
      });

      it("revoking a non-member or another role is not limited by the quorum", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await c.sla.connect(c.governance).setQuorum(3);
        await expect(c.sla.connect(c.governance).revokeRole(c.REPORTER_ROLE, c.outsider)).not.to.emit(
          c.sla,
          "RoleRevoked",
        );
        await c.sla.connect(c.governance).grantRole(c.DEFAULT_ADMIN_ROLE, c.outsider);
        await expect(c.sla.connect(c.governance).revokeRole(c.DEFAULT_ADMIN_ROLE, c.outsider))
          .to.emit(c.sla, "RoleRevoked")
          .withArgs(c.DEFAULT_ADMIN_ROLE, c.outsider.address, await c.timelock.getAddress());
      });

      it("only governance grants and revokes reporters", async function () {
        const c = await networkHelpers.loadFixture(slaFixture);
        await expect(c.sla.connect(c.deployer).grantRole(c.REPORTER_ROLE, c.outsider))
          .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
          .withArgs(c.deployer.address, c.DEFAULT_ADMIN_ROLE);
        await expect(c.sla.connect(c.reporters[0]).revokeRole(c.REPORTER_ROLE, c.reporters[1]))
          .to.be.revertedWithCustomError(c.sla, "AccessControlUnauthorizedAccount")
          .withArgs(c.reporters[0].address, c.DEFAULT_ADMIN_ROLE);
      });
    });
  });

  describe("views", function () {
    it("getReport is empty for a period nobody reported", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      const report = await c.sla.getReport(c.bookingId, 0n);
      expect([
        report.uptimeBps,
        report.p95LatencyMs,
        report.violated,
        report.status,
        report.disputeClosesAt,
        report.penalty,
      ]).to.deep.equal([0n, 0n, false, 0n, 0n, 0n]);
      expect(await c.sla.votesFor(c.bookingId, 0n, ...GOOD)).to.equal(0n);
      expect(await c.sla.hasSubmitted(c.bookingId, 0n, c.reporters[0])).to.equal(false);
    });

    it("supports the AccessControlEnumerable interface", async function () {
      const c = await networkHelpers.loadFixture(slaFixture);
      // IAccessControlEnumerable: getRoleMember ^ getRoleMemberCount.
      expect(await c.sla.supportsInterface("0x5a05180f")).to.equal(true);
      expect(await c.sla.supportsInterface("0xffffffff")).to.equal(false);
    });
  });
});
