// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DCXToken} from "../../contracts/token/DCXToken.sol";
import {EscrowManager} from "../../contracts/escrow/EscrowManager.sol";
import {IEscrowManager} from "../../contracts/escrow/IEscrowManager.sol";
import {ResourceMarketplace} from "../../contracts/marketplace/ResourceMarketplace.sol";
import {IResourceMarketplace} from "../../contracts/marketplace/IResourceMarketplace.sol";
import {TestBase} from "../helpers/sol/TestBase.sol";

/**
 * @title MarketplaceFuzz
 * @notice Fuzz tests of the booking lifecycle through the marketplace and the escrow together:
 * what a booking costs, capacity, cancelling at any moment, reclaiming after the provisioning
 * deadline, extending, ending and completing.
 */
contract MarketplaceFuzzTest is TestBase {
    uint256 internal constant MIN_STAKE = 1_000 ether;
    uint40 internal constant WINDOW = 600;
    uint40 internal constant MAX_DURATION = 30 days;
    uint256 internal constant MAX_PRICE = 1e18;
    uint16 internal constant FEE_BPS = 250;
    uint256 internal constant BPS = 10_000;

    DCXToken internal token;
    EscrowManager internal escrow;
    ResourceMarketplace internal market;
    address internal provider = address(0xB0);
    address internal consumer = address(0xC0);
    address internal treasury = address(0x7EA5);

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new DCXToken(address(this));
        escrow = new EscrowManager(token, address(this), treasury, FEE_BPS);
        market = new ResourceMarketplace(token, escrow, address(this), MIN_STAKE, WINDOW, MAX_DURATION);
        escrow.grantRole(escrow.MARKETPLACE_ROLE(), address(market));
        token.transfer(provider, 10_000 ether);
        token.transfer(consumer, 100_000_000 ether);
        vm.prank(provider);
        token.approve(address(market), type(uint256).max);
        vm.prank(consumer);
        token.approve(address(escrow), type(uint256).max);
        vm.prank(provider);
        market.registerProvider(MIN_STAKE, "ipfs://provider");
        vm.label(provider, "provider");
        vm.label(consumer, "consumer");
    }

    // ---------------------------------------------------------------- booking

    /// @notice A booking pulls exactly price × duration into its own escrow balance and holds one unit of capacity.
    function testFuzz_bookPullsPriceTimesDuration(uint256 price, uint256 duration, uint256 maxPrice) public {
        price = bound(price, 1, MAX_PRICE);
        duration = bound(duration, 1, MAX_DURATION);
        maxPrice = bound(maxPrice, price, type(uint256).max);
        uint256 rid = _list(price, 1);
        uint256 before = token.balanceOf(consumer);
        vm.prank(consumer);
        uint256 id = market.book(rid, duration, maxPrice);

        uint256 amount = price * duration;
        assertEq(before - token.balanceOf(consumer), amount, "consumer paid");
        assertEq(token.balanceOf(address(escrow)), amount, "escrow holds it");
        assertEq(escrow.balanceOf(id), amount, "booking balance");
        IEscrowManager.Stream memory s = escrow.getStream(id);
        assertEq(s.ratePerSecond, price, "rate");
        assertEq(s.provider, provider, "provider");
        assertEq(s.consumer, consumer, "consumer");
        IResourceMarketplace.Booking memory b = market.getBooking(id);
        assertEq(uint256(b.state), uint256(IResourceMarketplace.BookingState.Requested), "state");
        assertEq(b.deadline, block.timestamp + WINDOW, "provisioning deadline");
        assertEq(market.getResource(rid).inUse, 1, "inUse");
        assertEq(market.getProvider(provider).openBookings, 1, "openBookings");
    }

    /// @notice The consumer's price cap is honoured.
    function testFuzz_bookRevertsAbovePriceCap(uint256 price, uint256 maxPrice) public {
        price = bound(price, 2, MAX_PRICE);
        maxPrice = bound(maxPrice, 0, price - 1);
        uint256 rid = _list(price, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IResourceMarketplace.MarketplacePriceAboveMax.selector, price, maxPrice)
        );
        vm.prank(consumer);
        market.book(rid, 100, maxPrice);
    }

    /// @notice Durations of zero or above the maximum are refused.
    function testFuzz_bookRevertsOnInvalidDuration(uint256 duration) public {
        vm.assume(duration == 0 || duration > MAX_DURATION);
        uint256 rid = _list(1, 1);
        vm.expectRevert(abi.encodeWithSelector(IResourceMarketplace.MarketplaceInvalidDuration.selector, duration));
        vm.prank(consumer);
        market.book(rid, duration, 1);
    }

    /// @notice A resource serves at most `capacity` open bookings; closing one frees its slot.
    function testFuzz_capacityIsEnforced(uint256 capacity, uint256 whichToCancel) public {
        capacity = bound(capacity, 1, 8);
        uint256 rid = _list(1e9, capacity);
        uint256[] memory ids = new uint256[](capacity);
        for (uint256 i = 0; i < capacity; ++i) ids[i] = _book(rid, 1 hours);
        assertEq(market.getResource(rid).inUse, capacity, "full");
        vm.expectRevert(
            abi.encodeWithSelector(IResourceMarketplace.MarketplaceCapacityExhausted.selector, rid, uint16(capacity))
        );
        vm.prank(consumer);
        market.book(rid, 1 hours, 1e9);

        vm.prank(consumer);
        market.cancelBooking(ids[whichToCancel % capacity]);
        assertEq(market.getResource(rid).inUse, capacity - 1, "slot freed");
        _book(rid, 1 hours);
        assertEq(market.getResource(rid).inUse, capacity, "full again");
    }

    // ---------------------------------------------------------------- cancel, reclaim

    /// @notice Cancelling at any moment of a Requested or Active booking refunds exactly the unearned part;
    /// the provider can then withdraw exactly the earned part less the fee; the slot is freed.
    function testFuzz_cancelAtAnyTimeSplitsThePayment(
        uint256 price,
        uint256 duration,
        bool activate,
        uint256 activationDelay,
        uint256 elapsed
    ) public {
        price = bound(price, 1, MAX_PRICE);
        duration = bound(duration, 1, MAX_DURATION);
        uint256 rid = _list(price, 1);
        uint256 id = _book(rid, duration);
        uint256 amount = price * duration;

        uint256 earned;
        if (activate) {
            vm.warp(block.timestamp + bound(activationDelay, 0, WINDOW));
            _activate(id);
            elapsed = bound(elapsed, 0, duration - 1);
            earned = price * elapsed;
        } else {
            elapsed = bound(elapsed, 0, WINDOW);
        }
        vm.warp(block.timestamp + elapsed);

        uint256 before = token.balanceOf(consumer);
        vm.prank(consumer);
        market.cancelBooking(id);
        uint256 refund = token.balanceOf(consumer) - before;
        assertEq(refund, amount - earned, "refund != unearned part");
        assertEq(uint256(market.bookingState(id)), uint256(IResourceMarketplace.BookingState.Cancelled), "state");
        assertEq(market.getResource(rid).inUse, 0, "slot freed");
        assertEq(market.getProvider(provider).openBookings, 0, "provider slot freed");

        uint256 net;
        if (earned != 0) {
            vm.prank(provider);
            net = escrow.withdraw(id);
        }
        assertEq(net, earned - (earned * FEE_BPS) / BPS, "provider net");
        assertEq(refund + net + escrow.unsweptFees(), amount, "refund + net + fee != amount");
        assertEq(escrow.balanceOf(id), 0, "booking drained");

        vm.expectRevert(
            abi.encodeWithSelector(
                IResourceMarketplace.MarketplaceUnexpectedBookingState.selector,
                id,
                IResourceMarketplace.BookingState.Cancelled,
                _bits(IResourceMarketplace.BookingState.Requested, IResourceMarketplace.BookingState.Active)
            )
        );
        vm.prank(consumer);
        market.cancelBooking(id);
    }

    /// @notice A booking not activated by its deadline can no longer be activated, and anyone can return
    /// the whole payment to the consumer; before the deadline it cannot be reclaimed.
    function testFuzz_reclaimAfterDeadlineRefundsEverything(
        uint256 price,
        uint256 duration,
        uint256 extra,
        uint256 wait,
        address caller
    ) public {
        vm.assume(caller != address(0) && caller != address(vm));
        price = bound(price, 1, MAX_PRICE);
        duration = bound(duration, 1, MAX_DURATION);
        extra = bound(extra, 0, MAX_DURATION);
        uint256 rid = _list(price, 1);
        uint256 id = _book(rid, duration);
        if (extra != 0) {
            vm.prank(consumer);
            market.extendBooking(id, extra); // extensions before activation are refunded too
        }
        uint256 paid = price * (duration + extra);
        uint40 deadline = market.getBooking(id).deadline;

        vm.expectRevert(
            abi.encodeWithSelector(
                IResourceMarketplace.MarketplaceUnexpectedBookingState.selector,
                id,
                IResourceMarketplace.BookingState.Requested,
                _bits(IResourceMarketplace.BookingState.Expired, IResourceMarketplace.BookingState.Expired)
            )
        );
        vm.prank(caller);
        market.reclaimBooking(id);

        vm.warp(uint256(deadline) + bound(wait, 1, 365 days));
        assertEq(uint256(market.bookingState(id)), uint256(IResourceMarketplace.BookingState.Expired), "expired");
        vm.expectRevert();
        vm.prank(provider);
        market.activateBooking(id, keccak256("endpoint"));

        uint256 before = token.balanceOf(consumer);
        vm.prank(caller);
        market.reclaimBooking(id);
        assertEq(token.balanceOf(consumer) - before, paid, "whole payment back");
        assertEq(escrow.balanceOf(id), 0, "booking drained");
        assertEq(token.balanceOf(address(escrow)), 0, "escrow empty");
        assertEq(uint256(market.bookingState(id)), uint256(IResourceMarketplace.BookingState.Reclaimed), "state");
        assertEq(market.getResource(rid).inUse, 0, "slot freed");
    }

    /// @notice The provider can activate at any moment up to and including the deadline.
    function testFuzz_activationWindow(uint256 wait) public {
        uint256 id = _book(_list(1e12, 1), 1 days);
        uint40 deadline = market.getBooking(id).deadline;
        wait = bound(wait, 0, WINDOW);
        vm.warp(block.timestamp + wait);
        _activate(id);
        IResourceMarketplace.Booking memory b = market.getBooking(id);
        assertEq(uint256(b.state), uint256(IResourceMarketplace.BookingState.Active), "active");
        assertLe(block.timestamp, deadline, "activated within the window");
        assertEq(b.deadline, block.timestamp + 1 days, "deadline becomes the end");
    }

    // ---------------------------------------------------------------- extend, end, complete

    /// @notice Extending keeps the marketplace's end and the escrow's end equal; at the end the booking is
    /// Ended (no longer cancellable or extendable), anyone completes it, and the provider withdraws all of it.
    function testFuzz_extendThenRunToCompletion(
        uint256 price,
        uint256 duration,
        uint256 extra,
        uint256 elapsed,
        address completer
    ) public {
        vm.assume(completer != address(0) && completer != address(vm));
        price = bound(price, 1, MAX_PRICE);
        duration = bound(duration, 1, MAX_DURATION);
        extra = bound(extra, 1, MAX_DURATION);
        uint256 rid = _list(price, 1);
        uint256 id = _book(rid, duration);
        _activate(id);
        vm.warp(block.timestamp + bound(elapsed, 0, duration - 1));
        vm.prank(consumer);
        market.extendBooking(id, extra);
        uint256 amount = price * (duration + extra);

        IEscrowManager.Stream memory s = escrow.getStream(id);
        assertEq(market.getBooking(id).deadline, s.end, "marketplace end != escrow end");
        assertEq(uint256(s.end) - s.start, duration + extra, "length");
        assertEq(s.amount, amount, "amount");

        vm.warp(s.end);
        assertEq(uint256(market.bookingState(id)), uint256(IResourceMarketplace.BookingState.Ended), "ended");
        vm.expectRevert();
        vm.prank(consumer);
        market.cancelBooking(id);
        vm.expectRevert();
        vm.prank(consumer);
        market.extendBooking(id, 1);

        vm.prank(completer);
        market.completeBooking(id);
        assertEq(uint256(market.bookingState(id)), uint256(IResourceMarketplace.BookingState.Completed), "completed");
        assertEq(market.getResource(rid).inUse, 0, "slot freed");

        vm.prank(provider);
        uint256 net = escrow.withdraw(id);
        assertEq(net + escrow.unsweptFees(), amount, "net + fee != amount");
        assertEq(net, amount - (amount * FEE_BPS) / BPS, "net");
        assertEq(token.balanceOf(address(escrow)), escrow.unsweptFees(), "escrow holds only the fee");
    }

    /// @notice Only the booking's consumer can cancel or extend it, and only its provider can activate it.
    function testFuzz_onlyPartiesActOnABooking(address caller) public {
        vm.assume(caller != consumer && caller != provider && caller != address(vm));
        uint256 id = _book(_list(1e12, 1), 1 days);
        vm.expectRevert(abi.encodeWithSelector(IResourceMarketplace.MarketplaceNotProvider.selector, id, caller));
        vm.prank(caller);
        market.activateBooking(id, keccak256("endpoint"));
        vm.expectRevert(abi.encodeWithSelector(IResourceMarketplace.MarketplaceNotConsumer.selector, id, caller));
        vm.prank(caller);
        market.cancelBooking(id);
        vm.expectRevert(abi.encodeWithSelector(IResourceMarketplace.MarketplaceNotConsumer.selector, id, caller));
        vm.prank(caller);
        market.extendBooking(id, 60);
    }

    // ---------------------------------------------------------------- helpers

    function _list(uint256 price, uint256 capacity) internal returns (uint256 rid) {
        IResourceMarketplace.ResourceSpec memory spec = IResourceMarketplace.ResourceSpec({
            cpuMillicores: 4_000,
            memoryMB: 8_192,
            storageGB: 100,
            gpuCount: 1,
            capacity: uint16(capacity),
            region: bytes32("eu-west-1")
        });
        IResourceMarketplace.SLATerms memory sla = IResourceMarketplace.SLATerms({
            uptimeTargetBps: 9_990,
            penaltyBps: 1_000,
            p95LatencyMs: 250,
            periodLength: 3_600
        });
        vm.prank(provider);
        rid = market.listResource(spec, uint96(price), sla);
    }

    function _book(uint256 rid, uint256 duration) internal returns (uint256 id) {
        uint256 price = market.getResource(rid).pricePerSecond;
        vm.prank(consumer);
        id = market.book(rid, duration, price);
    }

    function _activate(uint256 id) internal {
        vm.prank(provider);
        market.activateBooking(id, keccak256(abi.encode("endpoint", id)));
    }

    function _bits(
        IResourceMarketplace.BookingState a,
        IResourceMarketplace.BookingState b
    ) internal pure returns (bytes32) {
        return bytes32((uint256(1) << uint8(a)) | (uint256(1) << uint8(b)));
    }
}
