// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IResourceMarketplace
 * @notice Providers register with a stake and list compute resources; consumers book them for a
 * duration, paying `pricePerSecond × duration` into the {IEscrowManager}.
 *
 * Booking lifecycle ({bookingState} derives it, like OpenZeppelin's `Governor.state`):
 *
 *   Requested ──activateBooking (provider, before the deadline)──▶ Active ──(time passes end)──▶ Ended ──completeBooking (anyone)──▶ Completed
 *       │  └──(deadline passes)──▶ Expired ──reclaimBooking (anyone)──▶ Reclaimed
 *       └──cancelBooking (consumer)──▶ Cancelled ◀──cancelBooking (consumer)── Active
 */
interface IResourceMarketplace {
    enum BookingState {
        None,
        Requested,
        Active,
        Ended,
        Expired,
        Completed,
        Cancelled,
        Reclaimed
    }

    /// @notice What a resource offers; `capacity` is how many bookings it can serve at once.
    struct ResourceSpec {
        uint32 cpuMillicores;
        uint32 memoryMB;
        uint32 storageGB;
        uint16 gpuCount;
        uint16 capacity;
        bytes32 region; // short UTF-8 code, right-padded with zeros (e.g. "eu-west-1")
    }

    /// @notice The service level a provider promises for a resource, checked per period by {ISLAEnforcement}.
    struct SLATerms {
        uint16 uptimeTargetBps; // e.g. 9990 = 99.90%
        uint16 penaltyBps; // share of the period's earnings returned to the consumer on a violation
        uint32 p95LatencyMs; // upper bound on p95 latency
        uint32 periodLength; // seconds per SLA period
    }

    struct Resource {
        address provider;
        uint96 pricePerSecond;
        ResourceSpec spec;
        SLATerms sla;
        uint16 inUse; // bookings currently holding capacity
        bool active; // accepting new bookings
    }

    struct Booking {
        address consumer;
        uint256 resourceId;
        BookingState state; // as stored: Requested, Active, Completed, Cancelled or Reclaimed
        uint40 deadline; // the provisioning deadline while Requested; the end time once Active
    }

    struct Provider {
        uint128 stake;
        uint32 openBookings; // bookings not yet completed, cancelled or reclaimed
        uint40 registeredAt;
        bool registered;
        uint32 stakeHolds; // SLA reports finalized and not yet applied: their penalty may still reach the stake
    }

    // ---- errors ----
    error MarketplaceAlreadyRegistered(address provider);
    error MarketplaceNotRegistered(address provider);
    error MarketplaceInsufficientStake(uint256 stake, uint256 minStake);
    error MarketplaceProviderHasOpenBookings(address provider, uint256 openBookings);
    error MarketplaceStakeHeld(address provider, uint256 stakeHolds);
    error MarketplaceNoStakeHold(address provider);
    error MarketplaceUnknownResource(uint256 resourceId);
    error MarketplaceNotResourceProvider(uint256 resourceId, address caller);
    error MarketplaceInvalidSpec();
    error MarketplaceInvalidSLATerms();
    error MarketplaceInvalidPrice();
    error MarketplaceResourceInactive(uint256 resourceId);
    error MarketplaceCapacityExhausted(uint256 resourceId, uint16 capacity);
    error MarketplaceCapacityBelowInUse(uint256 resourceId, uint16 inUse);
    error MarketplaceSLATermsWeakened(uint256 resourceId);
    error MarketplacePriceAboveMax(uint256 pricePerSecond, uint256 maxPricePerSecond);
    error MarketplaceInvalidDuration(uint256 duration);
    error MarketplaceUnknownBooking(uint256 bookingId);
    error MarketplaceUnexpectedBookingState(uint256 bookingId, BookingState current, bytes32 expectedStates);
    error MarketplaceNotConsumer(uint256 bookingId, address caller);
    error MarketplaceNotProvider(uint256 bookingId, address caller);
    error MarketplaceInvalidEndpoint();
    error MarketplaceInvalidParameter();

    // ---- events ----
    event ProviderRegistered(address indexed provider, uint256 stake, string metadataURI);
    event ProviderMetadataUpdated(address indexed provider, string metadataURI);
    event StakeIncreased(address indexed provider, uint256 amount, uint256 totalStake);
    event StakeWithdrawn(address indexed provider, uint256 amount, uint256 totalStake);
    event ProviderDeregistered(address indexed provider, uint256 stakeReturned);
    event StakeHeld(address indexed provider, uint256 stakeHolds);
    event StakeReleased(address indexed provider, uint256 stakeHolds);
    event StakeSlashed(address indexed provider, address indexed recipient, uint256 amount, uint256 totalStake);
    event ResourceListed(
        uint256 indexed resourceId,
        address indexed provider,
        uint256 pricePerSecond,
        ResourceSpec spec,
        SLATerms sla
    );
    event ResourceUpdated(uint256 indexed resourceId, uint256 pricePerSecond, ResourceSpec spec, SLATerms sla);
    event ResourceActiveSet(uint256 indexed resourceId, bool active);
    event BookingCreated(
        uint256 indexed bookingId,
        uint256 indexed resourceId,
        address indexed consumer,
        address provider,
        uint256 pricePerSecond,
        uint256 duration,
        uint256 amount,
        uint40 provisionDeadline
    );
    event BookingActivated(uint256 indexed bookingId, bytes32 endpointHash, uint40 start, uint40 end);
    event BookingExtended(uint256 indexed bookingId, uint256 extraDuration, uint256 amount);
    event BookingCancelled(uint256 indexed bookingId, address indexed by, uint256 refund);
    event BookingReclaimed(uint256 indexed bookingId, uint256 refund);
    event BookingCompleted(uint256 indexed bookingId);
    event MinStakeUpdated(uint256 oldMinStake, uint256 newMinStake);
    event ProvisionWindowUpdated(uint40 oldWindow, uint40 newWindow);
    event MaxBookingDurationUpdated(uint40 oldDuration, uint40 newDuration);

    // ---- providers ----
    /**
     * @notice Registers the caller as a provider, pulling `stake` (>= {minStake}) from it.
     * @dev Emits {ProviderRegistered}.
     */
    function registerProvider(uint256 stake, string calldata metadataURI) external;

    /// @notice Points the caller's provider profile at new metadata. Emits {ProviderMetadataUpdated}.
    function setProviderMetadata(string calldata metadataURI) external;

    /// @notice Adds `amount` to the caller's stake. Emits {StakeIncreased}.
    function increaseStake(uint256 amount) external;

    /// @notice Takes `amount` of stake back, keeping at least {minStake}. Emits {StakeWithdrawn}.
    function withdrawStake(uint256 amount) external;

    /**
     * @notice Leaves the marketplace and takes the whole stake back; requires no open bookings and no
     * stake hold (an SLA report still in its dispute window, whose penalty may need the stake).
     * @dev Listed resources stay but can no longer be booked. Emits {ProviderDeregistered}.
     */
    function deregisterProvider() external;

    /**
     * @notice Lists a resource owned by the caller (a registered provider).
     * @dev Emits {ResourceListed}.
     * @return resourceId The new resource's id (ids start at 1).
     */
    function listResource(
        ResourceSpec calldata spec,
        uint96 pricePerSecond,
        SLATerms calldata sla
    ) external returns (uint256 resourceId);

    /**
     * @notice Changes a resource's spec, price and SLA terms; bookings already made keep their price.
     * @dev Only its provider. Capacity cannot go below what is in use. Once the resource has been booked,
     * its SLA terms may only get stricter (uptime target and penalty up, latency bound down) and its period
     * length is fixed: {ISLAEnforcement} judges every booking, including past ones with reports still
     * pending, by the resource's current terms. Emits {ResourceUpdated}.
     */
    function updateResource(
        uint256 resourceId,
        ResourceSpec calldata spec,
        uint96 pricePerSecond,
        SLATerms calldata sla
    ) external;

    /// @notice Pauses (false) or resumes (true) new bookings of a resource. Only its provider. Emits {ResourceActiveSet}.
    function setResourceActive(uint256 resourceId, bool active) external;

    /**
     * @notice Confirms the booking's instances are up at `endpointHash`; the escrow starts streaming.
     * @dev Only the resource's provider, while the booking is Requested. Emits {BookingActivated}.
     */
    function activateBooking(uint256 bookingId, bytes32 endpointHash) external;

    // ---- consumers ----
    /**
     * @notice Books a resource for `duration` seconds, paying `pricePerSecond × duration` into escrow.
     * @dev The caller must have approved the escrow for the amount. Reverts if the price rose above
     * `maxPricePerSecond`. Emits {BookingCreated}.
     * @return bookingId The new booking's id (ids start at 1).
     */
    function book(uint256 resourceId, uint256 duration, uint256 maxPricePerSecond) external returns (uint256 bookingId);

    /**
     * @notice {book} with an EIP-2612 permit for the escrow, so no separate approval is needed.
     * @dev A permit that fails (e.g. front-run) is ignored if the allowance is already sufficient.
     */
    function bookWithPermit(
        uint256 resourceId,
        uint256 duration,
        uint256 maxPricePerSecond,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 bookingId);

    /**
     * @notice Lengthens a Requested or Active booking by `extraDuration` seconds at the booking's price.
     * @dev Only its consumer. Emits {BookingExtended}.
     */
    function extendBooking(uint256 bookingId, uint256 extraDuration) external;

    /**
     * @notice Cancels a Requested or Active booking; the unearned part is refunded.
     * @dev Only its consumer. Emits {BookingCancelled}.
     */
    function cancelBooking(uint256 bookingId) external;

    /**
     * @notice Returns the whole payment of a booking the provider never activated before the deadline to its consumer.
     * @dev Anyone may call (the refund always goes to the consumer), in state Expired. Emits {BookingReclaimed}.
     */
    function reclaimBooking(uint256 bookingId) external;

    /// @notice Closes an Ended booking and frees its capacity. Anyone may call. Emits {BookingCompleted}.
    function completeBooking(uint256 bookingId) external;

    // ---- SLA ----
    /**
     * @notice Takes up to `amount` of a provider's stake and sends it to `recipient`.
     * @dev Only the SLA contract. Emits {StakeSlashed}.
     * @return slashed The amount actually taken.
     */
    function slash(address provider, uint256 amount, address recipient) external returns (uint256 slashed);

    /**
     * @notice Holds the provider's stake for one more SLA report awaiting application: while any hold
     * remains, {deregisterProvider} reverts with {MarketplaceStakeHeld}.
     * @dev Only the SLA contract. Emits {StakeHeld}.
     */
    function holdStake(address provider) external;

    /**
     * @notice Releases one hold placed by {holdStake}.
     * @dev Only the SLA contract. Reverts with {MarketplaceNoStakeHold} when none remains. Emits {StakeReleased}.
     */
    function releaseStake(address provider) external;

    // ---- governance ----
    /// @notice Sets the stake a provider must hold. Emits {MinStakeUpdated}.
    function setMinStake(uint256 minStake) external;

    /// @notice Sets how long a provider has to activate a booking. Emits {ProvisionWindowUpdated}.
    function setProvisionWindow(uint40 window) external;

    /// @notice Sets the longest duration one booking, or one extension of it, may have. Emits {MaxBookingDurationUpdated}.
    function setMaxBookingDuration(uint40 duration) external;

    // ---- views ----
    function getResource(uint256 resourceId) external view returns (Resource memory);

    function getBooking(uint256 bookingId) external view returns (Booking memory);

    /// @notice The booking's lifecycle state, including the time-derived Ended and Expired.
    function bookingState(uint256 bookingId) external view returns (BookingState);

    function getProvider(address provider) external view returns (Provider memory);

    function isProvider(address account) external view returns (bool);

    function resourceCount() external view returns (uint256);

    function bookingCount() external view returns (uint256);

    function minStake() external view returns (uint256);

    function provisionWindow() external view returns (uint40);

    function maxBookingDuration() external view returns (uint40);
}
