import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import type { DCXToken, EscrowManager } from "../../types/ethers-contracts/index.js";
import { expectEscrowSolvent } from "../helpers/marketplace.js";

const BPS = 10_000n;

export interface StartedStream {
  bookingId: bigint;
  start: bigint;
  end: bigint;
  amount: bigint;
}

/** What the streaming behaviour needs from a deployment, however the escrow is driven. */
export interface StreamContext {
  connection: NetworkConnection;
  token: DCXToken;
  escrow: EscrowManager;
  consumer: HardhatEthersSigner;
  provider: HardhatEthersSigner;
  /** Rate of the streams {openAndStart} opens (tokens per second). */
  rate: bigint;
  /** Platform fee locked into those streams. */
  feeBps: bigint;
  /** Opens a `duration`-second booking for `consumer` with `provider` and starts it in the next block. */
  openAndStart(duration: bigint): Promise<StartedStream>;
  /** Lengthens the booking by `extra` seconds as its consumer would. */
  extend(bookingId: bigint, extra: bigint): Promise<ContractTransactionResponse>;
  /** Cancels the booking as its consumer would. */
  cancel(bookingId: bigint): Promise<ContractTransactionResponse>;
}

/**
 * Streaming settlement as the design states it, checked to the second: the provider has earned
 * `rate × (min(now, end) − start)`, withdrawable net of the fee; cancelling refunds the unearned part;
 * refunds + provider earnings + fees always add up to what the consumer paid, and the escrow holds
 * exactly the open balances plus unswept fees. The fee is charged on the booking's cumulative
 * settlement: settling `gross` more costs `feeOf(settled + gross) − feeOf(settled)`.
 */
export function shouldBehaveLikeStreamingEscrow(setup: () => Promise<StreamContext>): void {
  const feeOf = (gross: bigint, feeBps: bigint) => (gross * feeBps) / BPS;
  /** The fee on settling `gross` more once `settled` has been settled. */
  const feeOn = (settled: bigint, gross: bigint, feeBps: bigint) =>
    feeOf(settled + gross, feeBps) - feeOf(settled, feeBps);

  describe("streaming settlement", () => {
    it("earns rate × elapsed to the second, capped at the end", async () => {
      const ctx = await setup();
      const { escrow, rate, feeBps } = ctx;
      const { time } = ctx.connection.networkHelpers;
      const s = await ctx.openAndStart(100n);
      expect(s.end - s.start).to.equal(100n);
      expect(s.amount).to.equal(rate * 100n);

      for (const elapsed of [0n, 1n, 37n, 99n, 100n, 150n]) {
        if (elapsed > 0n) await time.increaseTo(s.start + elapsed);
        const gross = rate * (elapsed < 100n ? elapsed : 100n);
        expect(await escrow.earned(s.bookingId)).to.equal(gross, `earned after ${elapsed}s`);
        expect(await escrow.withdrawable(s.bookingId)).to.equal(
          gross - feeOf(gross, feeBps),
          `withdrawable after ${elapsed}s`,
        );
        expect(await escrow.balanceOf(s.bookingId)).to.equal(s.amount);
        expect(await escrow.refundable(s.bookingId)).to.equal(elapsed < 100n ? s.amount - gross : 0n);
      }
    });

    it("pays the provider the net, accrues the fee and remembers what was settled", async () => {
      const ctx = await setup();
      const { escrow, token, rate, feeBps, provider } = ctx;
      const { time } = ctx.connection.networkHelpers;
      const s = await ctx.openAndStart(100n);
      const fees0 = await escrow.unsweptFees();

      await time.setNextBlockTimestamp(s.start + 13n);
      const gross1 = rate * 13n;
      const fee1 = feeOf(gross1, feeBps);
      const tx1 = escrow.connect(provider).withdraw(s.bookingId);
      await expect(tx1)
        .to.emit(escrow, "EarningsWithdrawn")
        .withArgs(s.bookingId, provider.address, gross1 - fee1, fee1, gross1);
      await expect(tx1).to.changeTokenBalances(
        ctx.connection.ethers,
        token,
        [provider, escrow],
        [gross1 - fee1, -(gross1 - fee1)],
      );
      expect(await escrow.unsweptFees()).to.equal(fees0 + fee1);
      expect(await escrow.balanceOf(s.bookingId)).to.equal(s.amount - gross1);
      expect(await escrow.withdrawable(s.bookingId)).to.equal(0n);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);

      await time.setNextBlockTimestamp(s.start + 40n);
      const gross2 = rate * 27n;
      const fee2 = feeOn(gross1, gross2, feeBps);
      await expect(escrow.connect(provider).withdraw(s.bookingId))
        .to.emit(escrow, "EarningsWithdrawn")
        .withArgs(s.bookingId, provider.address, gross2 - fee2, fee2, rate * 40n);
      const stream = await escrow.getStream(s.bookingId);
      expect(stream.settled).to.equal(rate * 40n);
      expect(await escrow.unsweptFees()).to.equal(fees0 + fee1 + fee2);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);

      // after the end: the rest, then nothing; the fees of the three withdrawals are the fee on the whole amount
      await time.increaseTo(s.end + 10n);
      const gross3 = s.amount - rate * 40n;
      const fee3 = feeOn(rate * 40n, gross3, feeBps);
      await expect(escrow.connect(provider).withdraw(s.bookingId))
        .to.emit(escrow, "EarningsWithdrawn")
        .withArgs(s.bookingId, provider.address, gross3 - fee3, fee3, s.amount);
      expect(fee1 + fee2 + fee3).to.equal(feeOf(s.amount, feeBps));
      expect(await escrow.unsweptFees()).to.equal(fees0 + feeOf(s.amount, feeBps));
      expect(await escrow.balanceOf(s.bookingId)).to.equal(0n);
      await expect(escrow.connect(provider).withdraw(s.bookingId))
        .to.be.revertedWithCustomError(escrow, "EscrowNothingToWithdraw")
        .withArgs(s.bookingId);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);
    });

    it("withdrawMany pays several bookings in one transfer", async () => {
      const ctx = await setup();
      const { escrow, token, rate, feeBps, provider } = ctx;
      const { time } = ctx.connection.networkHelpers;
      const a = await ctx.openAndStart(100n);
      const b = await ctx.openAndStart(50n);
      await time.setNextBlockTimestamp(b.start + 20n);
      const grossA = rate * (b.start + 20n - a.start);
      const grossB = rate * 20n;
      const net = grossA - feeOf(grossA, feeBps) + grossB - feeOf(grossB, feeBps);
      const tx = escrow.connect(provider).withdrawMany([a.bookingId, b.bookingId]);
      await expect(tx)
        .to.emit(escrow, "EarningsWithdrawn")
        .withArgs(a.bookingId, provider.address, grossA - feeOf(grossA, feeBps), feeOf(grossA, feeBps), grossA);
      await expect(tx)
        .to.emit(escrow, "EarningsWithdrawn")
        .withArgs(b.bookingId, provider.address, grossB - feeOf(grossB, feeBps), feeOf(grossB, feeBps), grossB);
      await expect(tx).to.changeTokenBalance(ctx.connection.ethers, token, provider, net);
      await expectEscrowSolvent(token, escrow, [a.bookingId, b.bookingId]);
    });

    it("cancelling after a partial withdrawal refunds exactly the unearned part; everything adds up", async () => {
      const ctx = await setup();
      const { escrow, token, rate, feeBps, provider, consumer } = ctx;
      const { ethers } = ctx.connection;
      const { time } = ctx.connection.networkHelpers;
      const treasury = await escrow.treasury();
      const s = await ctx.openAndStart(100n);
      const fees0 = await escrow.unsweptFees();
      const providerBefore = await token.balanceOf(provider.address);

      await time.setNextBlockTimestamp(s.start + 30n);
      await escrow.connect(provider).withdraw(s.bookingId);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);

      await time.setNextBlockTimestamp(s.start + 60n);
      const refund = s.amount - rate * 60n;
      const tx = ctx.cancel(s.bookingId);
      await expect(tx)
        .to.emit(escrow, "StreamCancelled")
        .withArgs(s.bookingId, s.start + 60n, refund);
      await expect(tx).to.changeTokenBalances(ethers, token, [consumer, escrow], [refund, -refund]);
      const stream = await escrow.getStream(s.bookingId);
      expect(stream.end).to.equal(s.start + 60n);
      expect(stream.refunded).to.equal(refund);
      expect(await escrow.refundable(s.bookingId)).to.equal(0n);
      expect(await escrow.balanceOf(s.bookingId)).to.equal(rate * 30n); // what the provider earned and has not taken
      await expectEscrowSolvent(token, escrow, [s.bookingId]);

      // the stream is frozen at the cancellation
      await time.increaseTo(s.start + 90n);
      expect(await escrow.earned(s.bookingId)).to.equal(rate * 60n);
      const rest = rate * 30n;
      const restFee = feeOn(rate * 30n, rest, feeBps);
      expect(await escrow.withdrawable(s.bookingId)).to.equal(rest - restFee);
      await expect(escrow.connect(provider).withdraw(s.bookingId))
        .to.emit(escrow, "EarningsWithdrawn")
        .withArgs(s.bookingId, provider.address, rest - restFee, restFee, rate * 60n);
      expect(await escrow.balanceOf(s.bookingId)).to.equal(0n);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);

      const fees = (await escrow.unsweptFees()) - fees0;
      const treasuryBefore = await token.balanceOf(treasury);
      await escrow.sweepFees();
      expect((await token.balanceOf(treasury)) - treasuryBefore).to.equal(fees0 + fees);
      const providerNet = (await token.balanceOf(provider.address)) - providerBefore;
      expect(fees).to.equal(feeOf(rate * 60n, feeBps)); // the fee on everything settled, not per withdrawal
      expect(refund + providerNet + fees).to.equal(s.amount);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);
    });

    it("an extension while streaming moves the end and is earned too", async () => {
      const ctx = await setup();
      const { escrow, token, rate } = ctx;
      const { time } = ctx.connection.networkHelpers;
      const s = await ctx.openAndStart(100n);
      await time.setNextBlockTimestamp(s.start + 50n);
      await expect(ctx.extend(s.bookingId, 20n))
        .to.emit(escrow, "StreamExtended")
        .withArgs(s.bookingId, rate * 20n, s.end + 20n, s.amount + rate * 20n);
      await time.increaseTo(s.end);
      expect(await escrow.earned(s.bookingId)).to.equal(rate * 100n);
      expect(await escrow.refundable(s.bookingId)).to.equal(rate * 20n);
      await time.increaseTo(s.end + 20n);
      expect(await escrow.earned(s.bookingId)).to.equal(rate * 120n);
      expect(await escrow.refundable(s.bookingId)).to.equal(0n);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);
    });

    it("sweepFees sends every accrued fee to the treasury, whoever calls", async () => {
      const ctx = await setup();
      const { escrow, token, provider, consumer } = ctx;
      const { ethers } = ctx.connection;
      const { time } = ctx.connection.networkHelpers;
      const treasury = await escrow.treasury();
      const s = await ctx.openAndStart(100n);
      await time.increaseTo(s.end);
      await escrow.connect(provider).withdraw(s.bookingId);
      const fees = await escrow.unsweptFees();
      expect(fees).to.equal(feeOf(s.amount, ctx.feeBps));
      expect(fees).to.be.greaterThan(0n);
      expect(await escrow.connect(consumer).sweepFees.staticCall()).to.equal(fees);
      const tx = escrow.connect(consumer).sweepFees();
      await expect(tx).to.emit(escrow, "FeesSwept").withArgs(treasury, fees);
      await expect(tx).to.changeTokenBalances(ethers, token, [treasury, await escrow.getAddress()], [fees, -fees]);
      expect(await escrow.unsweptFees()).to.equal(0n);
      await expectEscrowSolvent(token, escrow, [s.bookingId]);
    });
  });
}
