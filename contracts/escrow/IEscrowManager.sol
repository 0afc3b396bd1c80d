// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IEscrowManager
 * @notice Holds every booking's payment and settles it as a stream: from activation the provider
 * earns `ratePerSecond` each second until the booking ends, and can withdraw what it has earned at
 * any time. Cancelling refunds the unearned part; SLA penalties move funds back to the consumer;
 * a platform fee (basis points, locked per booking when it is opened) accrues to the treasury.
 *
 * Invariant: `token.balanceOf(escrow) == sum(balanceOf(bookingId)) + unsweptFees()`.
 */
interface IEscrowManager {
    /// @notice The settlement state of one booking's escrow.
    struct Stream {
        address consumer;
        uint40 start; // 0 until the booking is activated
        uint40 end; // start + amount / rate once activated; frozen at cancellation
        uint16 feeBps;
        address provider;
        uint96 ratePerSecond;
        uint128 amount; // total paid in (booking + extensions)
        uint128 settled; // gross amount already paid out of the stream to the provider and the fee
        uint128 penalized; // moved back to the consumer by SLA penalties
        uint128 refunded; // returned to the consumer on cancellation
    }

    // ---- errors ----
    error EscrowUnknownBooking(uint256 bookingId);
    error EscrowBookingExists(uint256 bookingId);
    error EscrowAlreadyStarted(uint256 bookingId);
    error EscrowNotStarted(uint256 bookingId);
    error EscrowClosed(uint256 bookingId);
    error EscrowInvalidAmount(uint256 amount, uint256 ratePerSecond);
    error EscrowNotProvider(uint256 bookingId, address caller);
    error EscrowNothingToWithdraw(uint256 bookingId);
    error EscrowFeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    error EscrowInvalidTreasury(address treasury);

    // ---- events ----
    /// @notice A booking's escrow was opened with `amount` paid in by `consumer`.
    event StreamOpened(
        uint256 indexed bookingId,
        address indexed consumer,
        address indexed provider,
        uint256 ratePerSecond,
        uint256 amount,
        uint16 feeBps
    );
    /// @notice The stream started earning at `start` and runs until `end`.
    event StreamStarted(uint256 indexed bookingId, uint40 start, uint40 end);
    /// @notice The consumer paid `amount` more; the stream now ends at `end` (0 if not started) and holds `totalAmount`.
    event StreamExtended(uint256 indexed bookingId, uint256 amount, uint40 end, uint256 totalAmount);
    /// @notice The stream was closed early at `end` and `refund` was returned to the consumer.
    event StreamCancelled(uint256 indexed bookingId, uint40 end, uint256 refund);
    /// @notice The provider withdrew `net`; `fee` accrued to the treasury; `settled` is the stream's new gross settled total.
    event EarningsWithdrawn(
        uint256 indexed bookingId,
        address indexed provider,
        uint256 net,
        uint256 fee,
        uint256 settled
    );
    /// @notice An SLA penalty moved `amount` from the provider's claim back to the consumer.
    event PenaltyApplied(uint256 indexed bookingId, address indexed consumer, uint256 amount, uint256 totalPenalized);
    /// @notice Accrued fees were swept to the treasury.
    event FeesSwept(address indexed treasury, uint256 amount);
    /// @notice Governance changed the platform fee for bookings opened from now on.
    event PlatformFeeUpdated(uint16 oldFeeBps, uint16 newFeeBps);
    /// @notice Governance changed the treasury.
    event TreasuryUpdated(address oldTreasury, address newTreasury);

    // ---- marketplace ----
    /**
     * @notice Opens a booking's escrow, pulling `amount` from `consumer` (who must have approved this contract).
     * @dev Only the marketplace. `amount` must be a positive multiple of `ratePerSecond`. Emits {StreamOpened}.
     */
    function open(uint256 bookingId, address consumer, address provider, uint96 ratePerSecond, uint256 amount) external;

    /**
     * @notice Starts the stream now; it ends after `amount / ratePerSecond` seconds.
     * @dev Only the marketplace. Emits {StreamStarted}.
     * @return end The time the stream ends.
     */
    function start(uint256 bookingId) external returns (uint40 end);

    /**
     * @notice Pulls `extraSeconds × ratePerSecond` more from the consumer and lengthens the stream by `extraSeconds`.
     * @dev Only the marketplace. Emits {StreamExtended}.
     * @return amount The amount pulled.
     */
    function extend(uint256 bookingId, uint256 extraSeconds) external returns (uint256 amount);

    /**
     * @notice Closes the stream now: the provider keeps what it earned so far, the rest is refunded to the consumer.
     * @dev Only the marketplace. Before activation this refunds everything. Emits {StreamCancelled}.
     * @return refund The amount returned to the consumer.
     */
    function cancel(uint256 bookingId) external returns (uint256 refund);

    // ---- SLA ----
    /**
     * @notice Moves up to `amount` of the provider's earned, not yet withdrawn funds back to the consumer.
     * @dev Only the SLA contract. Capped at what the provider could withdraw now (gross), never taking
     * the consumer's prepayment for time not yet served. Emits {PenaltyApplied} when it moves anything.
     * @return applied The amount actually moved.
     */
    function penalize(uint256 bookingId, uint256 amount) external returns (uint256 applied);

    // ---- provider ----
    /**
     * @notice Pays the booking's provider everything earned and not yet withdrawn, less the platform fee.
     * @dev Only the booking's provider. Emits {EarningsWithdrawn}. The fee on settling `gross` is
     * `fee(settled + gross) - fee(settled)` with `fee(x) = x * feeBps / 10000` rounded down, so a
     * booking's fees total `fee(settled)` however its withdrawals are split. Reverts with
     * {EscrowNothingToWithdraw} only when nothing is claimable: a 1-wei claim whose fee is 1 wei settles
     * with a net of 0.
     * @return net The amount transferred to the provider.
     */
    function withdraw(uint256 bookingId) external returns (uint256 net);

    /**
     * @notice {withdraw} for several bookings at once; bookings with nothing to withdraw are skipped.
     * @dev Only the provider of every listed booking. Emits {EarningsWithdrawn} per booking paid.
     * @return net The total transferred to the provider.
     */
    function withdrawMany(uint256[] calldata bookingIds) external returns (uint256 net);

    // ---- anyone ----
    /// @notice Transfers all accrued platform fees to the treasury. Emits {FeesSwept}.
    function sweepFees() external returns (uint256 amount);

    // ---- governance ----
    /// @notice Sets the fee (bps of provider earnings) for bookings opened from now on. Emits {PlatformFeeUpdated}.
    function setPlatformFee(uint16 feeBps) external;

    /// @notice Sets where swept fees go. Emits {TreasuryUpdated}.
    function setTreasury(address treasury) external;

    // ---- views ----
    /// @notice The full settlement state of a booking.
    function getStream(uint256 bookingId) external view returns (Stream memory);

    /// @notice Gross amount the provider has earned so far: `rate × (min(now, end) − start)`.
    function earned(uint256 bookingId) external view returns (uint256);

    /// @notice Net amount the provider could withdraw now (after penalties and the fee).
    function withdrawable(uint256 bookingId) external view returns (uint256);

    /// @notice Tokens held for this booking (its amount less everything paid out).
    function balanceOf(uint256 bookingId) external view returns (uint256);

    /// @notice What the consumer would get back if the booking were cancelled now.
    function refundable(uint256 bookingId) external view returns (uint256);

    /// @notice Fees accrued and not yet swept.
    function unsweptFees() external view returns (uint256);

    /// @notice Current platform fee in basis points for newly opened bookings.
    function platformFeeBps() external view returns (uint16);

    /// @notice The treasury receiving swept fees.
    function treasury() external view returns (address);
}
