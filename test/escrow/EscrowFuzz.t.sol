// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {DCXToken} from "../../contracts/token/DCXToken.sol";
import {EscrowManager} from "../../contracts/escrow/EscrowManager.sol";
import {IEscrowManager} from "../../contracts/escrow/IEscrowManager.sol";
import {TestBase} from "../helpers/sol/TestBase.sol";

/**
 * @title EscrowFuzz
 * @notice Focused fuzz tests of the escrow's settlement math, with this test contract in the
 * marketplace's and the SLA contract's seats (it holds MARKETPLACE_ROLE and SLA_ROLE), so every
 * value — rate, duration, elapsed time, fee, penalty — is fuzzed directly.
 */
contract EscrowFuzzTest is TestBase {
    uint256 internal constant MAX_RATE = 1e18; // 1 DCX per second
    uint256 internal constant MAX_DURATION = 365 days;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant T0 = 1_700_000_000;

    DCXToken internal token;
    EscrowManager internal escrow;
    address internal consumer = address(0xC0);
    address internal provider = address(0xB0);
    address internal treasury = address(0x7EA5);
    uint256 internal nextId = 1;

    function setUp() public {
        vm.warp(T0);
        token = new DCXToken(address(this));
        escrow = new EscrowManager(token, address(this), treasury, 250);
        escrow.grantRole(escrow.MARKETPLACE_ROLE(), address(this));
        escrow.grantRole(escrow.SLA_ROLE(), address(this));
        token.transfer(consumer, 500_000_000 ether);
        vm.prank(consumer);
        token.approve(address(escrow), type(uint256).max);
        vm.label(consumer, "consumer");
        vm.label(provider, "provider");
        vm.label(treasury, "treasury");
    }

    // ---------------------------------------------------------------- earned(rate, duration, elapsed)

    /// @notice earned == rate × min(elapsed, duration) from activation; nothing is earned before it.
    function testFuzz_earnedIsRateTimesElapsedCappedAtDuration(
        uint256 rate,
        uint256 duration,
        uint256 elapsed,
        uint256 delay,
        uint256 feeBps
    ) public {
        rate = bound(rate, 1, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        elapsed = bound(elapsed, 0, 2 * MAX_DURATION);
        delay = bound(delay, 0, 30 days);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        (uint256 id, uint256 amount) = _open(rate, duration, feeBps);

        // Waiting for activation earns nothing.
        vm.warp(block.timestamp + delay);
        assertEq(escrow.earned(id), 0, "earned before start");
        assertEq(escrow.withdrawable(id), 0, "withdrawable before start");
        assertEq(escrow.refundable(id), amount, "refundable before start");

        uint256 start = block.timestamp;
        uint40 end = escrow.start(id);
        assertEq(end, start + duration, "end == start + amount / rate");

        vm.warp(start + elapsed);
        uint256 expected = rate * Math.min(elapsed, duration);
        assertEq(escrow.earned(id), expected, "earned");
        assertEq(escrow.withdrawable(id), expected - (expected * feeBps) / BPS, "withdrawable");
        assertEq(escrow.balanceOf(id), amount, "balance untouched by time");
        assertEq(escrow.refundable(id), elapsed >= duration ? 0 : amount - expected, "refundable");
    }

    /// @notice Over any two instants within the stream, earned grows by exactly rate × Δt.
    function testFuzz_earnedIsLinear(uint256 rate, uint256 duration, uint256 t1, uint256 t2) public {
        rate = bound(rate, 1, MAX_RATE);
        duration = bound(duration, 2, MAX_DURATION);
        t1 = bound(t1, 0, duration);
        t2 = bound(t2, t1, duration);
        (uint256 id, ) = _open(rate, duration, 0);
        uint256 start = block.timestamp;
        escrow.start(id);
        vm.warp(start + t1);
        uint256 e1 = escrow.earned(id);
        vm.warp(start + t2);
        assertEq(escrow.earned(id) - e1, rate * (t2 - t1), "earned(t2) - earned(t1) != rate * (t2 - t1)");
    }

    // ---------------------------------------------------------------- cancel

    /// @notice Cancelling at any moment of an open booking splits it exactly: the refund is the unearned
    /// part (everything before activation), the provider keeps a claim on the earned part, nothing is lost.
    function testFuzz_cancelSplitsIntoRefundAndProviderClaim(
        uint256 rate,
        uint256 duration,
        uint256 feeBps,
        bool activated,
        uint256 elapsed,
        uint256 withdrawAt,
        uint256 later
    ) public {
        // rate >= 2: every withdrawal settles >= 2 wei, so it pays a positive net (a 1-wei claim can be all fee: see test_oneWeiClaimWhoseFeeIsOneWeiSettlesAsFee)
        rate = bound(rate, 2, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        elapsed = bound(elapsed, 0, duration - 1); // still open
        (uint256 id, uint256 amount) = _open(rate, duration, feeBps);
        uint256 t0 = block.timestamp;
        if (activated) escrow.start(id);

        uint256 providerNet;
        if (activated && elapsed > 0 && withdrawAt % 2 == 0) {
            // The provider withdraws part of its earnings before the cancellation.
            vm.warp(t0 + bound(withdrawAt, 1, elapsed));
            vm.prank(provider);
            providerNet += escrow.withdraw(id);
        }
        vm.warp(t0 + elapsed);

        uint256 earnedAtCancel = activated ? rate * elapsed : 0;
        uint256 expectedRefund = escrow.refundable(id);
        uint256 consumerBefore = token.balanceOf(consumer);
        uint256 refund = escrow.cancel(id);
        assertEq(refund, expectedRefund, "refund != refundable()");
        assertEq(token.balanceOf(consumer) - consumerBefore, refund, "consumer received refund");
        assertEq(refund, amount - earnedAtCancel, "refund != amount - earned");
        assertEq(escrow.getStream(id).refunded, refund, "stream.refunded");

        // Time no longer earns anything; nothing more is refundable; the booking is closed.
        vm.warp(block.timestamp + bound(later, 0, MAX_DURATION));
        assertEq(escrow.earned(id), earnedAtCancel, "earned frozen at cancellation");
        assertEq(escrow.refundable(id), 0, "refundable after cancel");
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowClosed.selector, id));
        escrow.cancel(id);

        // The provider collects the rest of what it earned; the booking is then empty.
        if (escrow.withdrawable(id) != 0) {
            vm.prank(provider);
            providerNet += escrow.withdraw(id);
        }
        assertEq(escrow.balanceOf(id), 0, "booking not drained");
        assertEq(token.balanceOf(provider), providerNet, "provider balance");
        assertEq(refund + providerNet + escrow.unsweptFees(), amount, "refund + net + fees != amount");
        assertEq(token.balanceOf(address(escrow)), escrow.unsweptFees(), "escrow holds only fees");
    }

    /// @notice Once the stream has run out it can no longer be cancelled (nothing is left to refund).
    function testFuzz_cancelAfterEndReverts(uint256 rate, uint256 duration, uint256 after_) public {
        rate = bound(rate, 1, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        (uint256 id, ) = _open(rate, duration, 0);
        uint256 t0 = block.timestamp;
        escrow.start(id);
        vm.warp(t0 + duration + bound(after_, 0, MAX_DURATION));
        assertEq(escrow.refundable(id), 0, "refundable after end");
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowClosed.selector, id));
        escrow.cancel(id);
    }

    // ---------------------------------------------------------------- penalties

    /// @notice A penalty moves min(amount, claimable) to the consumer, whatever amount is asked, where
    /// claimable = earned − settled − penalized is what the provider could withdraw now: never the
    /// consumer's prepayment for time not yet served (refundable() is unchanged by a penalty). Once the
    /// claim is gone further penalties move nothing, and the books still add up.
    function testFuzz_penaltyIsCappedAtTheProvidersClaim(
        uint256 rate,
        uint256 duration,
        uint256 elapsed,
        uint256 penalty1,
        uint256 penalty2,
        bool withdrawFirst
    ) public {
        rate = bound(rate, 1, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        elapsed = bound(elapsed, 0, 2 * duration);
        (uint256 id, uint256 amount) = _open(rate, duration, 250);
        escrow.start(id);
        vm.warp(block.timestamp + elapsed);
        uint256 providerNet;
        if (withdrawFirst && escrow.withdrawable(id) != 0) {
            vm.prank(provider);
            providerNet = escrow.withdraw(id);
        }
        // The provider's claim: earned less settled.
        uint256 claim = rate * Math.min(elapsed, duration) - escrow.getStream(id).settled;
        uint256 refundable = escrow.refundable(id);
        assertEq(refundable, elapsed >= duration ? 0 : amount - rate * elapsed, "refundable before the penalty");
        assertEq(escrow.balanceOf(id), refundable + claim, "balance == prepayment + claim");

        uint256 consumerBefore = token.balanceOf(consumer);
        uint256 applied1 = escrow.penalize(id, penalty1);
        assertEq(applied1, Math.min(penalty1, claim), "applied != min(penalty, claimable)");
        assertEq(escrow.balanceOf(id), refundable + claim - applied1, "balance after penalty");
        assertEq(token.balanceOf(consumer) - consumerBefore, applied1, "consumer received penalty");
        assertEq(escrow.refundable(id), refundable, "a penalty changed the consumer's refundable prepayment");

        // A penalty at least as large as the rest of the claim takes exactly that rest.
        uint256 applied2 = escrow.penalize(id, bound(penalty2, claim - applied1, type(uint256).max));
        assertEq(applied2, claim - applied1, "second penalty != rest of the claim");
        assertEq(escrow.balanceOf(id), refundable, "what is left is the consumer's prepayment");
        assertEq(escrow.withdrawable(id), 0, "withdrawable after taking the claim");
        assertEq(escrow.penalize(id, penalty1), 0, "penalty once the claim is gone");
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowNothingToWithdraw.selector, id));
        vm.prank(provider);
        escrow.withdraw(id);

        // A stream still running refunds its whole unearned part on cancellation.
        if (elapsed < duration) assertEq(escrow.cancel(id), refundable, "refund != unearned part");
        assertEq(escrow.balanceOf(id), 0, "booking not drained");

        IEscrowManager.Stream memory s = escrow.getStream(id);
        assertEq(s.penalized, claim, "penalties != the provider's claim");
        assertEq(s.refunded, refundable, "stream.refunded");
        assertEq(s.penalized + s.refunded + providerNet + escrow.unsweptFees(), amount, "books do not add up");
        assertEq(token.balanceOf(address(escrow)), escrow.unsweptFees(), "escrow holds only fees");
    }

    /// @notice Before activation nothing is earned, so no penalty moves anything and a cancellation
    /// refunds the whole amount.
    function testFuzz_penaltyBeforeActivationMovesNothing(uint256 rate, uint256 duration, uint256 penalty) public {
        rate = bound(rate, 1, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        (uint256 id, uint256 amount) = _open(rate, duration, 250);
        assertEq(escrow.penalize(id, penalty), 0, "penalty before activation");
        assertEq(escrow.getStream(id).penalized, 0, "stream.penalized");
        assertEq(escrow.cancel(id), amount, "refund != amount");
        assertEq(token.balanceOf(address(escrow)), 0, "escrow not empty");
    }

    /// @notice Penalizing an unknown booking reverts.
    function testFuzz_penaltyOnUnknownBookingReverts(uint256 id, uint256 amount) public {
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowUnknownBooking.selector, id));
        escrow.penalize(id, amount);
    }

    // ---------------------------------------------------------------- fees

    /// @notice Over any sequence of withdrawals: each pays net + fee == gross exactly, with the fee
    /// fee(settled + gross) − fee(settled); once the stream has run out the provider's net plus all fees
    /// equal what the consumer paid, and the fees are exactly fee(amount) = ⌊amount × feeBps / 10000⌋.
    function testFuzz_feeMathNeverLosesAWei(
        uint256 rate,
        uint256 duration,
        uint256 feeBps,
        uint32[6] memory steps
    ) public {
        // rate >= 2: every withdrawal settles >= 2 wei, so it pays a positive net (a 1-wei claim can be all fee: see test_oneWeiClaimWhoseFeeIsOneWeiSettlesAsFee)
        rate = bound(rate, 2, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        feeBps = bound(feeBps, 0, escrow.MAX_FEE_BPS());
        (uint256 id, uint256 amount) = _open(rate, duration, feeBps);
        uint256 t0 = block.timestamp;
        escrow.start(id);

        uint256 totalNet;
        uint256 totalFee;
        for (uint256 i = 0; i <= steps.length; ++i) {
            // The last round is past the end, so everything is withdrawn.
            if (i == steps.length) vm.warp(t0 + duration);
            else vm.warp(block.timestamp + bound(steps[i], 0, duration / 3 + 1));
            (uint256 net, uint256 fee) = _withdrawChecked(id, feeBps);
            totalNet += net;
            totalFee += fee;
        }
        assertEq(totalNet + totalFee, amount, "total net + fees != amount");
        assertEq(totalFee, (amount * feeBps) / BPS, "total fee != fee on the whole amount");
        assertEq(escrow.getStream(id).settled, amount, "settled != amount");
        assertEq(escrow.balanceOf(id), 0, "booking not drained");

        uint256 swept = escrow.sweepFees();
        assertEq(swept, totalFee, "swept != fees");
        assertEq(token.balanceOf(treasury), totalFee, "treasury");
        assertEq(token.balanceOf(address(escrow)), 0, "escrow not empty");
    }

    /// @notice Splitting withdrawals cannot round the fee away: withdrawing a tiny-rate stream every
    /// second pays exactly the fees of one withdrawal of the same earnings, ⌊earned × feeBps / 10000⌋ —
    /// though each second's own gross × feeBps / 10000 may round to 0.
    function testFuzz_splittingWithdrawalsPaysTheSameFee(uint256 rate, uint256 seconds_, uint256 feeBps) public {
        // rate >= 2: every withdrawal settles >= 2 wei, so it pays a positive net (a 1-wei claim can be all fee: see test_oneWeiClaimWhoseFeeIsOneWeiSettlesAsFee)
        rate = bound(rate, 2, 100);
        seconds_ = bound(seconds_, 2, 120);
        feeBps = bound(feeBps, 1, escrow.MAX_FEE_BPS());
        (uint256 split, uint256 amount) = _open(rate, seconds_, feeBps);
        (uint256 once, ) = _open(rate, seconds_, feeBps);
        uint256 t0 = block.timestamp;
        escrow.start(split);
        escrow.start(once);

        uint256 splitNet;
        uint256 splitFee;
        for (uint256 i = 1; i <= seconds_; ++i) {
            vm.warp(t0 + i);
            (uint256 net, uint256 fee) = _withdrawChecked(split, feeBps);
            assertEq(net + fee, rate, "one second's gross");
            splitNet += net;
            splitFee += fee;
        }
        vm.prank(provider);
        uint256 onceNet = escrow.withdraw(once);
        assertEq(splitFee, (amount * feeBps) / BPS, "split fees != fee on the total");
        assertEq(splitNet, onceNet, "split net != one withdrawal's net");
        assertEq(escrow.unsweptFees(), 2 * splitFee, "both bookings paid the same fee");
    }

    /// @notice A booking keeps the fee in force when it was opened, whatever governance sets later.
    function testFuzz_feeIsLockedWhenTheBookingOpens(
        uint256 feeA,
        uint256 feeB,
        uint256 rate,
        uint256 duration
    ) public {
        feeA = bound(feeA, 0, escrow.MAX_FEE_BPS());
        feeB = bound(feeB, 0, escrow.MAX_FEE_BPS());
        rate = bound(rate, 1, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        (uint256 a, uint256 amount) = _open(rate, duration, feeA);
        (uint256 b, ) = _open(rate, duration, feeB);
        escrow.start(a);
        escrow.start(b);
        vm.warp(block.timestamp + duration);
        assertEq(escrow.getStream(a).feeBps, feeA, "fee of a");
        assertEq(escrow.withdrawable(a), amount - (amount * feeA) / BPS, "a pays its own fee");
        assertEq(escrow.withdrawable(b), amount - (amount * feeB) / BPS, "b pays its own fee");
    }

    /// @notice Governance cannot set the fee above the cap.
    function testFuzz_feeAboveCapReverts(uint16 feeBps) public {
        vm.assume(feeBps > escrow.MAX_FEE_BPS());
        vm.expectRevert(
            abi.encodeWithSelector(
                IEscrowManager.EscrowFeeTooHigh.selector,
                uint256(feeBps),
                uint256(escrow.MAX_FEE_BPS())
            )
        );
        escrow.setPlatformFee(feeBps);
    }

    // ---------------------------------------------------------------- extend, withdrawMany

    /// @notice Extending before or during the stream keeps `end - start == amount / rate`, and the
    /// provider ends up earning exactly everything paid in.
    function testFuzz_extendKeepsStreamLengthEqualToMoney(
        uint256 rate,
        uint256 duration,
        uint256 extraBefore,
        uint256 extraDuring,
        uint256 elapsed
    ) public {
        rate = bound(rate, 1, MAX_RATE);
        duration = bound(duration, 1, MAX_DURATION);
        extraBefore = bound(extraBefore, 0, MAX_DURATION);
        extraDuring = bound(extraDuring, 1, MAX_DURATION);
        (uint256 id, uint256 amount) = _open(rate, duration, 0);
        if (extraBefore != 0) {
            assertEq(escrow.extend(id, extraBefore), extraBefore * rate, "pulled before start");
            amount += extraBefore * rate;
            assertEq(escrow.getStream(id).end, 0, "no end before start");
        }
        uint256 t0 = block.timestamp;
        uint40 end = escrow.start(id);
        assertEq(end, t0 + duration + extraBefore, "end after pre-start extension");

        elapsed = bound(elapsed, 0, duration + extraBefore - 1);
        vm.warp(t0 + elapsed);
        uint256 consumerBefore = token.balanceOf(consumer);
        assertEq(escrow.extend(id, extraDuring), extraDuring * rate, "pulled during stream");
        assertEq(consumerBefore - token.balanceOf(consumer), extraDuring * rate, "consumer paid the extension");
        amount += extraDuring * rate;
        IEscrowManager.Stream memory s = escrow.getStream(id);
        assertEq(s.amount, amount, "amount");
        assertEq(uint256(s.end) - s.start, amount / rate, "end - start != amount / rate");

        vm.warp(s.end);
        assertEq(escrow.earned(id), amount, "earned at the end != everything paid");
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowClosed.selector, id));
        escrow.extend(id, 1);
    }

    /// @notice withdrawMany pays exactly the sum of the bookings' withdrawable amounts; a repeated id pays once.
    function testFuzz_withdrawManyEqualsSumOfWithdrawables(
        uint256[3] memory rates,
        uint256[3] memory durations,
        uint256[3] memory fees,
        uint256 elapsed,
        uint256 repeat
    ) public {
        uint256[] memory ids = new uint256[](4);
        uint256 expected;
        for (uint256 i = 0; i < 3; ++i) {
            (ids[i], ) = _open(
                bound(rates[i], 1, MAX_RATE),
                bound(durations[i], 1, MAX_DURATION),
                bound(fees[i], 0, escrow.MAX_FEE_BPS())
            );
            escrow.start(ids[i]);
        }
        ids[3] = ids[repeat % 3];
        vm.warp(block.timestamp + bound(elapsed, 1, MAX_DURATION));
        for (uint256 i = 0; i < 3; ++i) expected += escrow.withdrawable(ids[i]);
        uint256 feesBefore = escrow.unsweptFees();
        vm.prank(provider);
        uint256 net = escrow.withdrawMany(ids);
        assertEq(net, expected, "withdrawMany != sum of withdrawable()");
        assertEq(token.balanceOf(provider), net, "provider received");
        for (uint256 i = 0; i < 3; ++i) assertEq(escrow.withdrawable(ids[i]), 0, "left to withdraw");
        uint256 settled;
        for (uint256 i = 0; i < 3; ++i) settled += escrow.getStream(ids[i]).settled;
        assertEq(net + escrow.unsweptFees() - feesBefore, settled, "net + fees != settled");
    }

    /// @notice Only the booking's provider can withdraw, alone or in a batch.
    function testFuzz_onlyProviderWithdraws(address caller) public {
        vm.assume(caller != provider);
        (uint256 id, ) = _open(1 ether, 100, 250);
        escrow.start(id);
        vm.warp(block.timestamp + 50);
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowNotProvider.selector, id, caller));
        vm.prank(caller);
        escrow.withdraw(id);
    }

    // ---------------------------------------------------------------- regressions of fixed findings

    /**
     * Regression (was a medium finding): a penalty larger than the provider's unwithdrawn earnings was
     * paid out of the consumer's own prepayment, and evaporated when the consumer then cancelled.
     *
     * `penalize` used to cap the penalty at the booking's *balance*, which also holds the consumer's
     * unearned prepayment: a provider that withdrew promptly still had a 50 penalty "applied" in full,
     * the consumer's later refund (`balance − claimable`) handed the excess back, and the penalty really
     * cost the provider 10. It is now capped at the provider's claim (earned − settled − penalized), so
     * `applied` is 10 and SLAEnforcement slashes the other 40 from the stake. The outcome no longer
     * depends on whether the consumer cancels before or after the penalty.
     */
    function test_penaltyAboveClaimIsCappedSoStakeCoversTheRest() public {
        (uint256 id, uint256 amount) = _open(1 ether, 1_000, 0); // 1000 DCX over 1000 s, no fee
        uint256 t0 = block.timestamp;
        escrow.start(id);
        vm.warp(t0 + 100);
        vm.prank(provider);
        assertEq(escrow.withdraw(id), 100 ether, "withdrew 100");
        vm.warp(t0 + 110);
        assertEq(escrow.withdrawable(id), 10 ether, "claim of 10 left");

        uint256 consumerBefore = token.balanceOf(consumer);
        uint256 applied = escrow.penalize(id, 50 ether);
        assertEq(applied, 10 ether, "penalty capped at the provider's claim");
        assertEq(50 ether - applied, 40 ether, "40 left for the stake");
        assertEq(escrow.refundable(id), amount - 110 ether, "prepayment for the unserved 890 s intact");
        uint256 refund = escrow.cancel(id);
        assertEq(refund, amount - 110 ether, "refund == unearned part");
        assertEq(token.balanceOf(consumer) - consumerBefore, amount - 100 ether, "consumer: unearned 890 + penalty 10");
        assertEq(escrow.balanceOf(id), 0, "nothing left for the provider");
        assertEq(token.balanceOf(provider), 100 ether, "provider keeps the 100 it withdrew, loses the 10 it had not");

        // Same booking, other order: cancel first, then the penalty. Same split.
        (uint256 id2, ) = _open(1 ether, 1_000, 0);
        uint256 t1 = block.timestamp;
        escrow.start(id2);
        vm.warp(t1 + 100);
        vm.prank(provider);
        escrow.withdraw(id2);
        vm.warp(t1 + 110);
        assertEq(escrow.cancel(id2), refund, "cancel first: same refund");
        assertEq(escrow.penalize(id2, 50 ether), applied, "cancel first: same penalty, 40 left for the stake");
        assertEq(escrow.balanceOf(id2), 0, "nothing left for the provider");
    }

    /**
     * Regression (was a low finding): a booking never activated whose whole balance had been penalized
     * away was cancelled with a refund of 0 and stayed open (`_isClosed` needs `refunded != 0`): it could
     * be cancelled again, extended and started. Nothing is claimable before activation, so a penalty now
     * moves nothing there, the cancellation refunds everything, and the stream is closed.
     */
    function test_penaltyBeforeActivationMovesNothingAndCancelRefundsEverything() public {
        uint256 consumerBefore = token.balanceOf(consumer);
        (uint256 id, uint256 amount) = _open(1 ether, 100, 250);
        assertEq(escrow.penalize(id, amount), 0, "nothing to penalize before activation");
        assertEq(escrow.balanceOf(id), amount, "balance untouched");
        assertEq(escrow.cancel(id), amount, "refund == amount");
        assertEq(token.balanceOf(consumer), consumerBefore, "consumer whole again");
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowClosed.selector, id));
        escrow.cancel(id);
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowClosed.selector, id));
        escrow.extend(id, 10);
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowClosed.selector, id));
        escrow.start(id);
        assertEq(token.balanceOf(address(escrow)), 0, "escrow empty");
    }

    // ---------------------------------------------------------------- documented findings

    /**
     * With the fee computed on the cumulative settlement, settling a 1-wei claim can cost a 1-wei fee
     * (when `settled + 1` crosses a multiple of 10000 / feeBps), so its net is 0. `withdraw` still settles
     * it (net 0, the wei accrues as fee) instead of reverting, so an ended booking never keeps a stuck wei.
     */
    function test_oneWeiClaimWhoseFeeIsOneWeiSettlesAsFee() public {
        (uint256 id, uint256 amount) = _open(1, 10, 1_000); // 1 wei/s for 10 s, 10% fee: fee(x) = ⌊x / 10⌋
        uint256 t0 = block.timestamp;
        escrow.start(id);
        vm.warp(t0 + 9);
        vm.prank(provider);
        assertEq(escrow.withdraw(id), 9, "9 wei settled, fee(9) = 0");
        vm.warp(t0 + 10); // ended: 1 wei left, fee(10) - fee(9) = 1
        assertEq(escrow.balanceOf(id), 1, "1 wei left");
        assertEq(escrow.withdrawable(id), 0, "its net is 0");
        uint256 providerBefore = token.balanceOf(provider);
        vm.prank(provider);
        assertEq(escrow.withdraw(id), 0, "settled with a net of 0");
        assertEq(token.balanceOf(provider), providerBefore, "nothing transferred");
        assertEq(escrow.balanceOf(id), 0, "the wei was settled");
        assertEq(escrow.getStream(id).settled, amount, "settled == amount");
        assertEq(escrow.unsweptFees(), (amount * 1_000) / BPS, "fee(amount) accrued");

        // Nothing left: now it reverts.
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowNothingToWithdraw.selector, id));
        vm.prank(provider);
        escrow.withdraw(id);

        // withdrawMany settles an all-fee wei too, even when it is the only claim.
        (uint256 other, ) = _open(1, 10, 1_000);
        escrow.start(other);
        vm.warp(block.timestamp + 9);
        vm.prank(provider);
        escrow.withdraw(other);
        vm.warp(block.timestamp + 1);
        uint256[] memory ids = new uint256[](2);
        ids[0] = id;
        ids[1] = other;
        vm.prank(provider);
        assertEq(escrow.withdrawMany(ids), 0, "only an all-fee wei to settle");
        assertEq(escrow.balanceOf(other), 0, "the wei was settled");
        assertEq(escrow.unsweptFees(), 2, "fee(amount) for each booking");
        vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowNothingToWithdraw.selector, id));
        vm.prank(provider);
        escrow.withdrawMany(ids);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev Withdraws whatever is claimable (if anything) and checks net + fee == gross to the wei, with
    /// the fee charged on the cumulative settlement: fee(settled + gross) − fee(settled).
    function _withdrawChecked(uint256 id, uint256 feeBps) internal returns (uint256 net, uint256 fee) {
        uint256 settled = escrow.getStream(id).settled;
        uint256 gross = escrow.earned(id) - settled;
        if (gross == 0) return (0, 0);
        uint256 expectedNet = escrow.withdrawable(id);
        uint256 providerBefore = token.balanceOf(provider);
        uint256 feesBefore = escrow.unsweptFees();
        vm.prank(provider);
        net = escrow.withdraw(id);
        fee = escrow.unsweptFees() - feesBefore;
        assertEq(net, expectedNet, "net != withdrawable()");
        assertEq(token.balanceOf(provider) - providerBefore, net, "provider received net");
        assertEq(
            fee,
            ((settled + gross) * feeBps) / BPS - (settled * feeBps) / BPS,
            "fee != fee(settled + gross) - fee(settled)"
        );
        assertEq(net + fee, gross, "net + fee != gross");
    }

    function _open(uint256 rate, uint256 duration, uint256 feeBps) internal returns (uint256 id, uint256 amount) {
        escrow.setPlatformFee(uint16(feeBps));
        id = nextId++;
        amount = rate * duration;
        escrow.open(id, consumer, provider, uint96(rate), amount);
        assertEq(escrow.balanceOf(id), amount, "opened balance");
    }
}
