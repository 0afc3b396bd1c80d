// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DCXToken} from "../../contracts/token/DCXToken.sol";
import {EscrowManager} from "../../contracts/escrow/EscrowManager.sol";
import {IEscrowManager} from "../../contracts/escrow/IEscrowManager.sol";
import {ResourceMarketplace} from "../../contracts/marketplace/ResourceMarketplace.sol";
import {IResourceMarketplace} from "../../contracts/marketplace/IResourceMarketplace.sol";
import {TestBase} from "../helpers/sol/TestBase.sol";
import {EscrowHandler} from "./handlers/EscrowHandler.sol";

/**
 * @title EscrowInvariants
 * @notice Invariant tests of the escrow's money, driven through the real marketplace by {EscrowHandler}.
 * Each `invariant_*` function is its own campaign of runs × depth random handler calls, checked after
 * every call: 64 runs from the Hardhat config, and depth 128 set inline below (at the config's 32 a run
 * is too short for one booking to go through book → activate → penalize → withdraw → cancel; at 128
 * that full lifecycle is reached within a handful of runs). The handler never reverts on a path that
 * should succeed (`fail-on-revert` below), so an unexpected revert anywhere also fails the campaign.
 *
 * The handler lives in its own file, which Hardhat only turns into an artifact when it is a build root:
 * run the whole suite (`npx hardhat test solidity`) or name both files
 * (`npx hardhat test solidity test/escrow/EscrowInvariants.t.sol test/escrow/handlers/EscrowHandler.sol`);
 * otherwise EDR reports "address does not have an associated contract".
 */
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: default.invariant.depth = 128
contract EscrowInvariantsTest is TestBase {
    uint16 internal constant INITIAL_FEE_BPS = 250;

    DCXToken internal token;
    EscrowManager internal escrow;
    ResourceMarketplace internal market;
    EscrowHandler internal handler;
    address internal treasury = address(0x7EA5);
    address[] internal actors;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new DCXToken(address(this));
        escrow = new EscrowManager(token, address(this), treasury, INITIAL_FEE_BPS);
        market = new ResourceMarketplace(token, escrow, address(this), 1_000 ether, 600, 30 days);
        escrow.grantRole(escrow.MARKETPLACE_ROLE(), address(market));

        address[] memory providers = new address[](3);
        address[] memory consumers = new address[](3);
        for (uint256 i = 0; i < 3; ++i) {
            providers[i] = address(uint160(0xB0 + i));
            consumers[i] = address(uint160(0xC0 + i));
            vm.label(providers[i], string.concat("provider", vm.toString(i)));
            vm.label(consumers[i], string.concat("consumer", vm.toString(i)));
        }
        handler = new EscrowHandler(token, escrow, market, address(this), treasury, providers, consumers);
        escrow.grantRole(escrow.SLA_ROLE(), address(handler));

        for (uint256 i = 0; i < 3; ++i) {
            token.transfer(providers[i], 10_000 ether);
            token.transfer(consumers[i], 10_000_000 ether);
            vm.prank(providers[i]);
            token.approve(address(market), type(uint256).max);
            vm.prank(consumers[i]);
            token.approve(address(escrow), type(uint256).max);
            actors.push(providers[i]);
            actors.push(consumers[i]);
        }
        // Start every run with something bookable: one wei-priced and one large-priced listing.
        handler.seedListing(0, 2, 3); // 2 wei/s, capacity 3
        handler.seedListing(1, 1e15 + 1, 2); // odd seed: up to MAX_PRICE per second

        vm.label(address(token), "DCX");
        vm.label(address(escrow), "escrow");
        vm.label(address(market), "marketplace");
        vm.label(address(handler), "handler");

        targetContract(address(handler));
        // Lifecycle actions are listed twice: they need to hit the same booking in order within a short run.
        bytes4[] memory selectors = new bytes4[](19);
        selectors[0] = EscrowHandler.registerAndList.selector;
        selectors[1] = EscrowHandler.book.selector;
        selectors[2] = EscrowHandler.book.selector;
        selectors[3] = EscrowHandler.activate.selector;
        selectors[4] = EscrowHandler.activate.selector;
        selectors[5] = EscrowHandler.warp.selector;
        selectors[6] = EscrowHandler.warp.selector;
        selectors[7] = EscrowHandler.extend.selector;
        selectors[8] = EscrowHandler.cancel.selector;
        selectors[9] = EscrowHandler.cancel.selector;
        selectors[10] = EscrowHandler.reclaim.selector;
        selectors[11] = EscrowHandler.complete.selector;
        selectors[12] = EscrowHandler.withdraw.selector;
        selectors[13] = EscrowHandler.withdraw.selector;
        selectors[14] = EscrowHandler.withdrawMany.selector;
        selectors[15] = EscrowHandler.penalize.selector;
        selectors[16] = EscrowHandler.penalize.selector;
        selectors[17] = EscrowHandler.sweepFees.selector;
        selectors[18] = EscrowHandler.setPlatformFee.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice Property 1: tokens held by the escrow == Σ open booking balances + unswept fees.
    function invariant_escrowHoldsExactlyBalancesPlusFees() public view {
        uint256 n = market.bookingCount();
        uint256 sum;
        for (uint256 id = 1; id <= n; ++id) sum += escrow.balanceOf(id);
        assertEq(token.balanceOf(address(escrow)), sum + escrow.unsweptFees(), "escrow tokens != balances + fees");
    }

    /// @notice Global conservation from the handler's ghost totals of every token that moved.
    function invariant_globalConservation() public view {
        uint256 held = token.balanceOf(address(escrow));
        assertEq(
            handler.ghostPaidIn(),
            held +
                handler.ghostRefunded() +
                handler.ghostPenalized() +
                handler.ghostNetWithdrawn() +
                handler.ghostFeesSwept(),
            "paidIn != held + refunded + penalized + netWithdrawn + feesSwept"
        );
        assertEq(
            handler.ghostFeesAccrued(),
            escrow.unsweptFees() + handler.ghostFeesSwept(),
            "fees accrued != unswept + swept"
        );
        assertEq(token.balanceOf(treasury), handler.ghostFeesSwept(), "treasury != fees swept");
        // No token leaves the system: every holder is known.
        uint256 total =
            token.balanceOf(address(this)) +
                token.balanceOf(address(escrow)) +
                token.balanceOf(address(market)) +
                token.balanceOf(treasury);
        for (uint256 i = 0; i < actors.length; ++i) total += token.balanceOf(actors[i]);
        assertEq(total, token.TOTAL_SUPPLY(), "tokens leaked outside the known holders");
    }

    /// @notice Property 2: the provider never takes more than it earned, and no booking pays out more than it holds.
    function invariant_providerNeverOverpaid() public view {
        uint256 n = market.bookingCount();
        for (uint256 id = 1; id <= n; ++id) {
            IEscrowManager.Stream memory s = escrow.getStream(id);
            assertLe(s.settled, escrow.earned(id), "settled > earned");
            assertLe(
                uint256(s.settled) + s.penalized + s.refunded,
                s.amount,
                "settled + penalized + refunded > amount"
            );
            assertEq(handler.netOf(id) + handler.feeOf(id), s.settled, "net + fees withdrawn != settled");
            // earned never runs past what was paid in; the stream length always matches the money.
            assertLe(escrow.earned(id), s.amount, "earned > amount");
            if (market.getBooking(id).state == IResourceMarketplace.BookingState.Active) {
                assertEq(uint256(s.end) - s.start, s.amount / s.ratePerSecond, "end - start != amount / rate");
            }
            assertLe(escrow.withdrawable(id), escrow.balanceOf(id), "withdrawable > balance");
        }
    }

    /// @notice Penalties only take the provider's earnings: per booking, settled + penalized never exceeds
    /// earned, and every token paid in is either earned or goes back to the consumer as a refund
    /// (refunded + refundable + earned == amount, in every state), whatever the penalties were.
    function invariant_penaltiesOnlyTakeEarnings() public view {
        uint256 n = market.bookingCount();
        for (uint256 id = 1; id <= n; ++id) {
            IEscrowManager.Stream memory s = escrow.getStream(id);
            uint256 earned = escrow.earned(id);
            assertLe(uint256(s.settled) + s.penalized, earned, "settled + penalized > earned");
            assertEq(
                uint256(s.settled) + s.penalized + handler.claimable(id),
                earned,
                "settled + penalized + claimable != earned"
            );
            assertEq(
                uint256(s.refunded) + escrow.refundable(id) + earned,
                s.amount,
                "refunded + refundable + earned != amount"
            );
            if (s.start == 0) assertEq(s.penalized, 0, "penalized before activation");
        }
    }

    /// @notice The fee is charged on the cumulative settlement: per booking, the fees withdrawn so far are
    /// exactly fee(settled) = ⌊settled × feeBps / 10000⌋, however the withdrawals were split.
    function invariant_feesFollowCumulativeSettlement() public view {
        uint256 n = market.bookingCount();
        uint256 sum;
        for (uint256 id = 1; id <= n; ++id) {
            IEscrowManager.Stream memory s = escrow.getStream(id);
            assertEq(handler.feeOf(id), (uint256(s.settled) * s.feeBps) / 10_000, "fees != fee(settled)");
            sum += handler.feeOf(id);
        }
        assertEq(sum, handler.ghostFeesAccrued(), "per-booking fees != fees accrued");
    }

    /// @notice Property 3: per booking, refunds + penalties + provider net + fees + what is still held == paid,
    /// exactly; once a booking is closed and drained, the first four alone add up to what was paid.
    function invariant_perBookingConservation() public view {
        uint256 n = market.bookingCount();
        for (uint256 id = 1; id <= n; ++id) {
            IEscrowManager.Stream memory s = escrow.getStream(id);
            uint256 paid = handler.paidOf(id);
            assertEq(s.amount, paid, "stream amount != paid in");
            assertEq(s.refunded, handler.refundedOf(id), "stream refunded != refunds seen");
            assertEq(s.penalized, handler.penalizedOf(id), "stream penalized != penalties seen");
            uint256 out = handler.refundedOf(id) + handler.penalizedOf(id) + handler.netOf(id) + handler.feeOf(id);
            // balanceOf would revert (checked arithmetic) if the booking were overdrawn.
            assertEq(paid, out + escrow.balanceOf(id), "paid != paid out + balance");

            IResourceMarketplace.BookingState st = market.bookingState(id);
            bool closed =
                st == IResourceMarketplace.BookingState.Cancelled ||
                    st == IResourceMarketplace.BookingState.Reclaimed ||
                    st == IResourceMarketplace.BookingState.Ended ||
                    st == IResourceMarketplace.BookingState.Completed;
            if (closed) {
                // Nothing is stuck: whatever a closed booking still holds is the provider's to withdraw.
                assertEq(
                    escrow.balanceOf(id),
                    handler.claimable(id),
                    "closed booking holds more than the provider's claim"
                );
                assertEq(escrow.refundable(id), 0, "closed booking still refundable");
                if (handler.claimable(id) == 0)
                    assertEq(out, paid, "drained booking: refunds + penalties + net + fees != paid");
            }
        }
    }

    /// @notice The marketplace's capacity counters match the bookings that are still open.
    function invariant_capacityAccounting() public view {
        uint256 n = market.bookingCount();
        uint256 open;
        for (uint256 id = 1; id <= n; ++id) {
            IResourceMarketplace.BookingState stored = market.getBooking(id).state;
            if (
                stored == IResourceMarketplace.BookingState.Requested ||
                stored == IResourceMarketplace.BookingState.Active
            ) {
                ++open;
            }
        }
        uint256 inUse;
        for (uint256 r = 1; r <= market.resourceCount(); ++r) {
            IResourceMarketplace.Resource memory res = market.getResource(r);
            assertLe(res.inUse, res.spec.capacity, "inUse > capacity");
            inUse += res.inUse;
        }
        uint256 providerOpen;
        for (uint256 i = 0; i < handler.providerCount(); ++i) {
            providerOpen += market.getProvider(handler.providers(i)).openBookings;
        }
        assertEq(inUse, open, "sum of inUse != open bookings");
        assertEq(providerOpen, open, "sum of provider openBookings != open bookings");
    }
}
