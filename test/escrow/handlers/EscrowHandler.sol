// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {DCXToken} from "../../../contracts/token/DCXToken.sol";
import {EscrowManager} from "../../../contracts/escrow/EscrowManager.sol";
import {IEscrowManager} from "../../../contracts/escrow/IEscrowManager.sol";
import {ResourceMarketplace} from "../../../contracts/marketplace/ResourceMarketplace.sol";
import {IResourceMarketplace} from "../../../contracts/marketplace/IResourceMarketplace.sol";
import {CheatCodes} from "../../helpers/sol/Vm.sol";
import {Assertions} from "../../helpers/sol/Assertions.sol";
import {Bound} from "../../helpers/sol/Bound.sol";

/**
 * @title EscrowHandler
 * @notice Drives random but valid sequences through the marketplace and the escrow for
 * `EscrowInvariants.t.sol`: registering providers and listing resources, booking, activating,
 * warping time, extending, cancelling, reclaiming, completing, withdrawing (one or many),
 * penalizing (it holds the escrow's SLA_ROLE), sweeping fees and changing the platform fee (as the admin).
 *
 * Every action first checks its preconditions and returns early when they do not hold, so the
 * campaign runs with `fail-on-revert`: any revert on a path that should succeed — an underflow, a
 * wrong state check — fails the campaign. Each action also checks its own immediate effect (the
 * refund matches `refundable()`, the net matches `withdrawable()`, ...), and keeps ghost totals of
 * every token that moved, globally and per booking, for the invariants to compare with the chain.
 */
contract EscrowHandler is CheatCodes, Assertions, Bound {
    uint256 public constant MIN_STAKE = 1_000 ether;
    uint256 public constant MAX_PRICE = 1e15; // per second
    uint256 public constant MAX_RESOURCES = 8;
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint256 private constant BPS = 10_000;

    DCXToken public immutable token;
    EscrowManager public immutable escrow;
    ResourceMarketplace public immutable market;
    address public immutable admin;
    address public immutable treasury;

    address[] public providers;
    address[] public consumers;
    uint256[] public resourceIds;

    // ---- ghost totals (every token that entered or left the escrow) ----
    uint256 public ghostPaidIn;
    uint256 public ghostRefunded;
    uint256 public ghostPenalized;
    uint256 public ghostNetWithdrawn;
    uint256 public ghostFeesAccrued;
    uint256 public ghostFeesSwept;

    // ---- ghost per booking ----
    mapping(uint256 bookingId => uint256) public paidOf;
    mapping(uint256 bookingId => uint256) public refundedOf;
    mapping(uint256 bookingId => uint256) public penalizedOf;
    mapping(uint256 bookingId => uint256) public netOf;
    mapping(uint256 bookingId => uint256) public feeOf;

    // ---- how often each action actually did something (not an early return) ----
    mapping(bytes32 action => uint256) public calls;
    uint256 public totalCalls;

    constructor(
        DCXToken token_,
        EscrowManager escrow_,
        ResourceMarketplace market_,
        address admin_,
        address treasury_,
        address[] memory providers_,
        address[] memory consumers_
    ) {
        token = token_;
        escrow = escrow_;
        market = market_;
        admin = admin_;
        treasury = treasury_;
        providers = providers_;
        consumers = consumers_;
    }

    modifier counted(bytes32 action) {
        _;
        calls[action] += 1;
        totalCalls += 1;
    }

    // ================================================================ actions

    /// @notice Registers a provider if needed and lists a resource for it.
    function registerAndList(uint256 providerSeed, uint256 priceSeed, uint256 capacitySeed) external {
        if (resourceIds.length >= MAX_RESOURCES) return;
        _registerAndList(providers[providerSeed % providers.length], priceSeed, capacitySeed);
    }

    /// @notice Setup helper: one listing, whatever the cap (used by the test's setUp).
    function seedListing(uint256 providerIndex, uint256 priceSeed, uint256 capacitySeed) external {
        _registerAndList(providers[providerIndex], priceSeed, capacitySeed);
    }

    function _registerAndList(address provider, uint256 priceSeed, uint256 capacitySeed) private counted("list") {
        if (!market.isProvider(provider)) {
            vm.prank(provider);
            market.registerProvider(MIN_STAKE, "ipfs://provider");
        }
        // Half the listings are priced in wei per second, where fee rounding matters most.
        uint256 price = priceSeed % 2 == 0 ? bound(priceSeed, 1, 1_000) : bound(priceSeed, 1, MAX_PRICE);
        IResourceMarketplace.ResourceSpec memory spec = IResourceMarketplace.ResourceSpec({
            cpuMillicores: 2_000,
            memoryMB: 4_096,
            storageGB: 50,
            gpuCount: 0,
            capacity: uint16(bound(capacitySeed, 1, 3)),
            region: bytes32("eu-west-1")
        });
        IResourceMarketplace.SLATerms memory sla = IResourceMarketplace.SLATerms({
            uptimeTargetBps: 9_990,
            penaltyBps: 1_000,
            p95LatencyMs: 200,
            periodLength: 3_600
        });
        vm.prank(provider);
        resourceIds.push(market.listResource(spec, uint96(price), sla));
    }

    /// @notice A consumer books a listed resource for a random duration at its current price.
    function book(uint256 consumerSeed, uint256 resourceSeed, uint256 durationSeed) external {
        if (resourceIds.length == 0) return;
        uint256 resourceId = resourceIds[resourceSeed % resourceIds.length];
        IResourceMarketplace.Resource memory r = market.getResource(resourceId);
        if (!r.active || r.inUse >= r.spec.capacity) return;
        IResourceMarketplace.Provider memory p = market.getProvider(r.provider);
        if (!p.registered || p.stake < market.minStake()) return;
        uint256 duration = _duration(durationSeed);
        address consumer = consumers[consumerSeed % consumers.length];
        uint256 amount = uint256(r.pricePerSecond) * duration;
        if (token.balanceOf(consumer) < amount) return;
        _book(consumer, resourceId, duration, r.pricePerSecond, amount);
    }

    function _book(
        address consumer,
        uint256 resourceId,
        uint256 duration,
        uint256 price,
        uint256 amount
    ) private counted("book") {
        uint256 consumerBefore = token.balanceOf(consumer);
        uint256 escrowBefore = token.balanceOf(address(escrow));
        vm.prank(consumer);
        uint256 id = market.book(resourceId, duration, price);
        assertEq(consumerBefore - token.balanceOf(consumer), amount, "book: consumer paid");
        assertEq(token.balanceOf(address(escrow)) - escrowBefore, amount, "book: escrow received");
        assertEq(escrow.balanceOf(id), amount, "book: booking balance");
        ghostPaidIn += amount;
        paidOf[id] += amount;
    }

    /// @notice The provider activates a Requested booking; the stream must run `amount / rate` seconds from now.
    function activate(uint256 bookingSeed) external {
        (bool ok, uint256 id) = _pick(bookingSeed);
        if (!ok || market.bookingState(id) != IResourceMarketplace.BookingState.Requested) return;
        _activate(id);
    }

    function _activate(uint256 id) private counted("activate") {
        IEscrowManager.Stream memory s = escrow.getStream(id);
        vm.prank(s.provider);
        market.activateBooking(id, keccak256(abi.encode("endpoint", id)));
        IEscrowManager.Stream memory t = escrow.getStream(id);
        assertEq(t.start, block.timestamp, "activate: start");
        assertEq(t.end, block.timestamp + s.amount / s.ratePerSecond, "activate: end");
        assertEq(market.getBooking(id).deadline, t.end, "activate: marketplace end == escrow end");
    }

    /// @notice Moves time forward by seconds, minutes, hours or days.
    function warp(uint256 modeSeed, uint256 secondsSeed) external counted("warp") {
        uint256 mode = modeSeed % 4;
        uint256 max =
            mode == 0
                ? 60
                : mode == 1
                    ? 1 hours
                    : mode == 2
                        ? 1 days
                        : 10 days;
        vm.warp(block.timestamp + bound(secondsSeed, 1, max));
    }

    /// @notice The consumer extends a Requested or Active booking at the booking's rate.
    function extend(uint256 bookingSeed, uint256 extraSeed) external {
        (bool ok, uint256 id) = _pick(bookingSeed);
        if (!ok) return;
        IResourceMarketplace.BookingState st = market.bookingState(id);
        if (st != IResourceMarketplace.BookingState.Requested && st != IResourceMarketplace.BookingState.Active) return;
        IEscrowManager.Stream memory s = escrow.getStream(id);
        uint256 extra = bound(extraSeed, 1, 1 days);
        uint256 amount = extra * s.ratePerSecond;
        if (token.balanceOf(s.consumer) < amount) return;
        _extend(id, s, extra, amount);
    }

    function _extend(
        uint256 id,
        IEscrowManager.Stream memory s,
        uint256 extra,
        uint256 amount
    ) private counted("extend") {
        uint256 before = token.balanceOf(s.consumer);
        vm.prank(s.consumer);
        market.extendBooking(id, extra);
        assertEq(before - token.balanceOf(s.consumer), amount, "extend: consumer paid");
        IEscrowManager.Stream memory t = escrow.getStream(id);
        assertEq(t.amount, uint256(s.amount) + amount, "extend: amount");
        if (s.start != 0) {
            assertEq(t.end, uint256(s.end) + extra, "extend: end");
            assertEq(market.getBooking(id).deadline, t.end, "extend: marketplace end == escrow end");
        }
        ghostPaidIn += amount;
        paidOf[id] += amount;
    }

    /// @notice The consumer cancels a Requested or Active booking; the refund must equal `refundable()`.
    function cancel(uint256 bookingSeed) external {
        (bool ok, uint256 id) = _pick(bookingSeed);
        if (!ok) return;
        IResourceMarketplace.BookingState st = market.bookingState(id);
        if (st != IResourceMarketplace.BookingState.Requested && st != IResourceMarketplace.BookingState.Active) return;
        _cancel(id);
    }

    function _cancel(uint256 id) private counted("cancel") {
        IEscrowManager.Stream memory s = escrow.getStream(id);
        uint256 expected = escrow.refundable(id);
        uint256 earnedBefore = escrow.earned(id);
        uint256 before = token.balanceOf(s.consumer);
        vm.prank(s.consumer);
        market.cancelBooking(id);
        uint256 refund = token.balanceOf(s.consumer) - before;
        assertEq(refund, expected, "cancel: refund == refundable()");
        // What stays in the booking is exactly the provider's remaining gross claim.
        assertEq(escrow.balanceOf(id), _claimable(id), "cancel: balance left == provider claim");
        assertEq(escrow.earned(id), earnedBefore, "cancel: earned frozen");
        assertEq(escrow.refundable(id), 0, "cancel: nothing refundable afterwards");
        ghostRefunded += refund;
        refundedOf[id] += refund;
    }

    /// @notice Anyone reclaims an Expired booking (never activated): the whole balance goes back to the consumer.
    function reclaim(uint256 bookingSeed, uint256 callerSeed) external {
        (bool ok, uint256 id) = _pick(bookingSeed);
        if (!ok || market.bookingState(id) != IResourceMarketplace.BookingState.Expired) return;
        _reclaim(
            id,
            callerSeed % 2 == 0 ? consumers[callerSeed % consumers.length] : providers[callerSeed % providers.length]
        );
    }

    function _reclaim(uint256 id, address caller) private counted("reclaim") {
        IEscrowManager.Stream memory s = escrow.getStream(id);
        uint256 balance = escrow.balanceOf(id);
        uint256 before = token.balanceOf(s.consumer);
        vm.prank(caller);
        market.reclaimBooking(id);
        uint256 refund = token.balanceOf(s.consumer) - before;
        assertEq(refund, balance, "reclaim: refunds the whole balance");
        assertEq(escrow.balanceOf(id), 0, "reclaim: nothing left");
        ghostRefunded += refund;
        refundedOf[id] += refund;
    }

    /// @notice Anyone completes an Ended booking, freeing its capacity.
    function complete(uint256 bookingSeed) external {
        (bool ok, uint256 id) = _pick(bookingSeed);
        if (!ok || market.bookingState(id) != IResourceMarketplace.BookingState.Ended) return;
        _complete(id);
    }

    function _complete(uint256 id) private counted("complete") {
        uint256 rid = market.getBooking(id).resourceId;
        uint256 inUse = market.getResource(rid).inUse;
        market.completeBooking(id);
        assertEq(market.getResource(rid).inUse, inUse - 1, "complete: capacity freed");
        assertEq(escrow.balanceOf(id), _claimable(id), "complete: balance left == provider claim");
    }

    /// @notice The provider withdraws one booking; net and fee must match the views exactly.
    function withdraw(uint256 bookingSeed) external {
        (bool ok, uint256 id) = _pick(bookingSeed);
        if (!ok) return;
        _withdraw(id);
    }

    function _withdraw(uint256 id) private counted("withdraw") {
        IEscrowManager.Stream memory s = escrow.getStream(id);
        uint256 gross = _claimable(id);
        if (gross == 0) {
            vm.expectRevert(abi.encodeWithSelector(IEscrowManager.EscrowNothingToWithdraw.selector, id));
            vm.prank(s.provider);
            escrow.withdraw(id);
            return;
        }
        uint256 expectedFee = _feeOn(s, gross);
        if (gross == expectedFee) {
            // Only a 1-wei claim can be all fee: it settles with a net of 0 and the wei accrues as fee
            // (see EscrowFuzz's test_oneWeiClaimWhoseFeeIsOneWeiSettlesAsFee).
            assertEq(gross, 1, "withdraw: only a 1-wei claim can be all fee");
            assertEq(escrow.withdrawable(id), 0, "withdraw: withdrawable of an all-fee claim");
        }
        uint256 expectedNet = escrow.withdrawable(id);
        uint256 providerBefore = token.balanceOf(s.provider);
        uint256 feesBefore = escrow.unsweptFees();
        vm.prank(s.provider);
        uint256 net = escrow.withdraw(id);
        uint256 fee = escrow.unsweptFees() - feesBefore;
        assertEq(token.balanceOf(s.provider) - providerBefore, net, "withdraw: provider received net");
        assertEq(net, expectedNet, "withdraw: net == withdrawable()");
        assertEq(fee, expectedFee, "withdraw: fee == fee(settled + gross) - fee(settled)");
        assertEq(net + fee, gross, "withdraw: net + fee == gross");
        assertEq(escrow.getStream(id).settled, uint256(s.settled) + gross, "withdraw: settled");
        assertEq(escrow.withdrawable(id), 0, "withdraw: nothing left to withdraw");
        ghostNetWithdrawn += net;
        ghostFeesAccrued += fee;
        netOf[id] += net;
        feeOf[id] += fee;
    }

    /// @notice The provider withdraws several of its bookings at once (possibly repeating one).
    function withdrawMany(uint256 providerSeed, uint256 idsSeed, uint256 countSeed) external {
        uint256 n = market.bookingCount();
        if (n == 0) return;
        address provider = providers[providerSeed % providers.length];
        uint256 count = bound(countSeed, 0, 5);
        uint256[] memory ids = new uint256[](count);
        uint256 found;
        for (uint256 i = 0; i < count; ++i) {
            // Pick pseudo-randomly among this provider's bookings (a few tries each).
            for (uint256 tries = 0; tries < 4; ++tries) {
                uint256 id = (uint256(keccak256(abi.encode(idsSeed, i, tries))) % n) + 1;
                if (escrow.getStream(id).provider == provider) {
                    ids[found++] = id;
                    break;
                }
            }
        }
        assembly ("memory-safe") {
            mstore(ids, found)
        }
        _withdrawMany(provider, ids);
    }

    function _withdrawMany(address provider, uint256[] memory ids) private counted("withdrawMany") {
        uint256[] memory gross = new uint256[](ids.length);
        uint256[] memory fee = new uint256[](ids.length);
        uint256 totalNet;
        uint256 totalFee;
        uint256 totalGross;
        for (uint256 i = 0; i < ids.length; ++i) {
            bool seen;
            for (uint256 j = 0; j < i; ++j) if (ids[j] == ids[i]) seen = true;
            if (seen) continue; // the second occurrence finds nothing left
            gross[i] = _claimable(ids[i]);
            fee[i] = _feeOn(escrow.getStream(ids[i]), gross[i]);
            totalNet += gross[i] - fee[i];
            totalFee += fee[i];
            totalGross += gross[i];
        }
        if (totalGross == 0) {
            vm.expectRevert(
                abi.encodeWithSelector(IEscrowManager.EscrowNothingToWithdraw.selector, ids.length == 0 ? 0 : ids[0])
            );
            vm.prank(provider);
            escrow.withdrawMany(ids);
            return;
        }
        uint256 providerBefore = token.balanceOf(provider);
        uint256 feesBefore = escrow.unsweptFees();
        vm.prank(provider);
        uint256 net = escrow.withdrawMany(ids);
        assertEq(net, totalNet, "withdrawMany: net == sum of per-booking nets");
        assertEq(token.balanceOf(provider) - providerBefore, net, "withdrawMany: provider received net");
        assertEq(escrow.unsweptFees() - feesBefore, totalFee, "withdrawMany: fees");
        for (uint256 i = 0; i < ids.length; ++i) {
            if (gross[i] == 0) continue;
            netOf[ids[i]] += gross[i] - fee[i];
            feeOf[ids[i]] += fee[i];
            assertEq(_claimable(ids[i]), 0, "withdrawMany: nothing left to withdraw");
        }
        ghostNetWithdrawn += net;
        ghostFeesAccrued += totalFee;
    }

    /// @notice The SLA role penalizes any booking by a random amount; it must be capped at the provider's
    /// claim (earned − settled − penalized), leaving the consumer's prepayment for unserved time alone.
    function penalize(uint256 bookingSeed, uint256 amountSeed) external {
        (bool ok, uint256 id) = _pick(bookingSeed);
        if (!ok) return;
        _penalize(id, amountSeed);
    }

    function _penalize(uint256 id, uint256 amountSeed) private counted("penalize") {
        uint256 balance = escrow.balanceOf(id);
        uint256 claim = _claimable(id);
        uint256 refundable = escrow.refundable(id);
        uint256 mode = amountSeed % 4;
        // Mostly small penalties, sometimes up to twice the claim or twice the balance (past the claim,
        // into what would be the consumer's prepayment), sometimes anything at all.
        uint256 amount =
            mode == 0
                ? bound(amountSeed, 0, claim / 10 + 1)
                : mode == 1
                    ? bound(amountSeed, 0, 2 * claim + 1)
                    : mode == 2
                        ? bound(amountSeed, 0, 2 * balance + 1)
                        : amountSeed;
        address consumer = escrow.getStream(id).consumer;
        uint256 before = token.balanceOf(consumer);
        uint256 applied = escrow.penalize(id, amount);
        assertEq(applied, Math.min(amount, claim), "penalize: applied == min(amount, claimable)");
        assertEq(token.balanceOf(consumer) - before, applied, "penalize: consumer received");
        assertEq(escrow.balanceOf(id), balance - applied, "penalize: balance");
        assertEq(_claimable(id), claim - applied, "penalize: claim");
        assertEq(escrow.refundable(id), refundable, "penalize: refundable untouched");
        ghostPenalized += applied;
        penalizedOf[id] += applied;
    }

    /// @notice Anyone sweeps the accrued fees to the treasury.
    function sweepFees(uint256 callerSeed) external counted("sweepFees") {
        uint256 unswept = escrow.unsweptFees();
        uint256 before = token.balanceOf(treasury);
        vm.prank(consumers[callerSeed % consumers.length]);
        uint256 amount = escrow.sweepFees();
        assertEq(amount, unswept, "sweep: amount");
        assertEq(token.balanceOf(treasury) - before, amount, "sweep: treasury received");
        assertEq(escrow.unsweptFees(), 0, "sweep: nothing left");
        ghostFeesSwept += amount;
    }

    /// @notice Governance changes the platform fee (for bookings opened from now on); above the cap it must revert.
    function setPlatformFee(uint256 feeSeed) external counted("setPlatformFee") {
        uint256 fee = bound(feeSeed, 0, MAX_FEE_BPS + 200);
        if (fee > MAX_FEE_BPS) {
            vm.expectRevert(
                abi.encodeWithSelector(IEscrowManager.EscrowFeeTooHigh.selector, fee, uint256(MAX_FEE_BPS))
            );
        }
        vm.prank(admin);
        escrow.setPlatformFee(uint16(fee));
    }

    // ================================================================ views for the invariants

    function providerCount() external view returns (uint256) {
        return providers.length;
    }

    function consumerCount() external view returns (uint256) {
        return consumers.length;
    }

    function resourceCount() external view returns (uint256) {
        return resourceIds.length;
    }

    /// @notice The provider's remaining gross claim, computed from the stream (not from the escrow's own helper).
    function claimable(uint256 id) external view returns (uint256) {
        return _claimable(id);
    }

    // ================================================================ internal

    /// @dev The fee on settling `gross` more, on the cumulative settlement: fee(settled + gross) − fee(settled).
    function _feeOn(IEscrowManager.Stream memory s, uint256 gross) private pure returns (uint256) {
        return ((uint256(s.settled) + gross) * s.feeBps) / BPS - (uint256(s.settled) * s.feeBps) / BPS;
    }

    function _claimable(uint256 id) private view returns (uint256) {
        IEscrowManager.Stream memory s = escrow.getStream(id);
        if (s.start == 0) return 0;
        uint256 to = Math.min(block.timestamp, s.end);
        uint256 e = to > s.start ? (to - s.start) * s.ratePerSecond : 0;
        uint256 taken = uint256(s.settled) + s.penalized;
        return e > taken ? e - taken : 0;
    }

    /// @dev Half the time the newest booking, so that whole lifecycles (book, activate, penalize,
    /// withdraw, cancel, ...) happen to one booking within a short sequence; otherwise any booking.
    function _pick(uint256 seed) private view returns (bool, uint256) {
        uint256 n = market.bookingCount();
        if (n == 0) return (false, 0);
        if (seed % 2 == 0) return (true, n);
        return (true, ((seed >> 1) % n) + 1);
    }

    function _duration(uint256 seed) private pure returns (uint256) {
        uint256 mode = seed % 3;
        return
            bound(
                seed,
                1,
                mode == 0
                    ? 600
                    : mode == 1
                        ? 1 days
                        : 10 days
            );
    }
}
