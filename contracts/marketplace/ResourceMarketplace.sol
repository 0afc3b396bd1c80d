// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEscrowManager} from "../escrow/IEscrowManager.sol";
import {IResourceMarketplace} from "./IResourceMarketplace.sol";

/**
 * @title ResourceMarketplace
 * @notice Provider registry, resource listings and the booking lifecycle. See {IResourceMarketplace}.
 * @dev Money for bookings lives in the {EscrowManager}; provider stakes live here. Parameters belong
 * to governance (DEFAULT_ADMIN_ROLE, the timelock); slashing to the SLA contract (SLA_ROLE).
 */
contract ResourceMarketplace is IResourceMarketplace, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant SLA_ROLE = keccak256("SLA_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    uint32 private constant MIN_SLA_PERIOD = 60;
    uint32 private constant MAX_SLA_PERIOD = 30 days;
    uint16 private constant BPS = 10_000;

    /// @dev Storage layout of a resource: three slots.
    struct ResourceData {
        address provider;
        uint96 pricePerSecond;
        uint32 cpuMillicores;
        uint32 memoryMB;
        uint32 storageGB;
        uint16 gpuCount;
        uint16 capacity;
        uint16 inUse;
        bool active;
        bool booked; // booked at least once: SLA terms may only get stricter from then on
        uint16 uptimeTargetBps;
        uint16 penaltyBps;
        uint32 p95LatencyMs;
        uint32 periodLength;
        bytes32 region;
    }

    /// @dev Storage layout of a booking: one slot.
    struct BookingData {
        address consumer;
        uint48 resourceId;
        BookingState state;
        uint40 deadline;
    }

    /// @notice The payment and stake token.
    IERC20 public immutable token;
    /// @notice Where booking payments are held.
    IEscrowManager public immutable escrow;

    mapping(address provider => Provider) private _providers;
    mapping(uint256 resourceId => ResourceData) private _resources;
    mapping(uint256 bookingId => BookingData) private _bookings;
    uint48 private _resourceCount;
    uint48 private _bookingCount;
    uint40 private _provisionWindow;
    uint40 private _maxBookingDuration;
    uint256 private _minStake;

    /**
     * @param token_ Payment and stake token.
     * @param escrow_ The escrow this marketplace opens bookings in (it must grant this contract MARKETPLACE_ROLE).
     * @param admin Receives DEFAULT_ADMIN_ROLE and PAUSER_ROLE.
     * @param minStake_ Stake required to register and to be bookable.
     * @param provisionWindow_ Seconds a provider has to activate a booking.
     * @param maxBookingDuration_ Longest booking (and longest single extension), in seconds.
     */
    constructor(
        IERC20 token_,
        IEscrowManager escrow_,
        address admin,
        uint256 minStake_,
        uint40 provisionWindow_,
        uint40 maxBookingDuration_
    ) {
        if (provisionWindow_ == 0 || maxBookingDuration_ == 0) revert MarketplaceInvalidParameter();
        token = token_;
        escrow = escrow_;
        _minStake = minStake_;
        _provisionWindow = provisionWindow_;
        _maxBookingDuration = maxBookingDuration_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    // ---------------------------------------------------------------- providers

    /// @inheritdoc IResourceMarketplace
    function registerProvider(uint256 stake, string calldata metadataURI) external whenNotPaused nonReentrant {
        Provider storage p = _providers[msg.sender];
        if (p.registered) revert MarketplaceAlreadyRegistered(msg.sender);
        if (stake < _minStake) revert MarketplaceInsufficientStake(stake, _minStake);
        p.stake = stake.toUint128(); // zero: never registered, or deregistered (which returned the whole stake)
        p.registered = true;
        p.registeredAt = uint40(block.timestamp);
        emit ProviderRegistered(msg.sender, stake, metadataURI);
        token.safeTransferFrom(msg.sender, address(this), stake);
    }

    /// @inheritdoc IResourceMarketplace
    function setProviderMetadata(string calldata metadataURI) external {
        _requireRegistered(msg.sender);
        emit ProviderMetadataUpdated(msg.sender, metadataURI);
    }

    /// @inheritdoc IResourceMarketplace
    function increaseStake(uint256 amount) external whenNotPaused nonReentrant {
        Provider storage p = _requireRegistered(msg.sender);
        if (amount == 0) revert MarketplaceInvalidParameter();
        uint256 total = p.stake + amount;
        p.stake = total.toUint128();
        emit StakeIncreased(msg.sender, amount, total);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IResourceMarketplace
    function withdrawStake(uint256 amount) external nonReentrant {
        Provider storage p = _requireRegistered(msg.sender);
        if (amount == 0) revert MarketplaceInvalidParameter();
        uint256 stake = p.stake;
        if (amount > stake || stake - amount < _minStake) {
            revert MarketplaceInsufficientStake(stake - Math.min(amount, stake), _minStake);
        }
        uint256 total = stake - amount;
        p.stake = uint128(total);
        emit StakeWithdrawn(msg.sender, amount, total);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IResourceMarketplace
    function deregisterProvider() external nonReentrant {
        Provider storage p = _requireRegistered(msg.sender);
        if (p.openBookings != 0) revert MarketplaceProviderHasOpenBookings(msg.sender, p.openBookings);
        if (p.stakeHolds != 0) revert MarketplaceStakeHeld(msg.sender, p.stakeHolds);
        uint256 stake = p.stake;
        p.stake = 0;
        p.registered = false;
        emit ProviderDeregistered(msg.sender, stake);
        if (stake != 0) token.safeTransfer(msg.sender, stake);
    }

    /// @inheritdoc IResourceMarketplace
    function listResource(
        ResourceSpec calldata spec,
        uint96 pricePerSecond,
        SLATerms calldata sla
    ) external whenNotPaused returns (uint256 resourceId) {
        _requireRegistered(msg.sender);
        _validateListing(spec, pricePerSecond, sla);
        resourceId = ++_resourceCount;
        ResourceData storage r = _resources[resourceId];
        r.provider = msg.sender;
        r.active = true;
        _writeListing(r, spec, pricePerSecond, sla);
        emit ResourceListed(resourceId, msg.sender, pricePerSecond, spec, sla);
    }

    /// @inheritdoc IResourceMarketplace
    function updateResource(
        uint256 resourceId,
        ResourceSpec calldata spec,
        uint96 pricePerSecond,
        SLATerms calldata sla
    ) external {
        ResourceData storage r = _ownResource(resourceId);
        _validateListing(spec, pricePerSecond, sla);
        if (spec.capacity < r.inUse) revert MarketplaceCapacityBelowInUse(resourceId, r.inUse);
        // SLAEnforcement reads a booking's terms from its resource when reports come in, possibly after
        // the booking closed: weaker terms would let the provider escape penalties it agreed to.
        if (
            r.booked &&
            (sla.uptimeTargetBps < r.uptimeTargetBps ||
                sla.penaltyBps < r.penaltyBps ||
                sla.p95LatencyMs > r.p95LatencyMs ||
                sla.periodLength != r.periodLength)
        ) revert MarketplaceSLATermsWeakened(resourceId);
        _writeListing(r, spec, pricePerSecond, sla);
        emit ResourceUpdated(resourceId, pricePerSecond, spec, sla);
    }

    /// @inheritdoc IResourceMarketplace
    function setResourceActive(uint256 resourceId, bool active) external {
        ResourceData storage r = _ownResource(resourceId);
        r.active = active;
        emit ResourceActiveSet(resourceId, active);
    }

    /// @inheritdoc IResourceMarketplace
    function activateBooking(uint256 bookingId, bytes32 endpointHash) external whenNotPaused {
        BookingData storage b = _bookingIn(bookingId, _bit(BookingState.Requested));
        if (_resources[b.resourceId].provider != msg.sender) revert MarketplaceNotProvider(bookingId, msg.sender);
        if (endpointHash == bytes32(0)) revert MarketplaceInvalidEndpoint();
        b.state = BookingState.Active;
        uint40 end = escrow.start(bookingId);
        b.deadline = end;
        emit BookingActivated(bookingId, endpointHash, uint40(block.timestamp), end);
    }

    // ---------------------------------------------------------------- consumers

    /// @inheritdoc IResourceMarketplace
    function book(
        uint256 resourceId,
        uint256 duration,
        uint256 maxPricePerSecond
    ) external whenNotPaused returns (uint256 bookingId) {
        return _book(resourceId, duration, maxPricePerSecond);
    }

    /// @inheritdoc IResourceMarketplace
    function bookWithPermit(
        uint256 resourceId,
        uint256 duration,
        uint256 maxPricePerSecond,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused returns (uint256 bookingId) {
        // The permit covers the most the consumer agreed to pay; a failed permit (for example one
        // front-run by someone submitting it first) is ignored, and the escrow's pull then decides.
        try
            IERC20Permit(address(token)).permit(
                msg.sender,
                address(escrow),
                Math.saturatingMul(maxPricePerSecond, duration),
                permitDeadline,
                v,
                r,
                s
            )
        {} catch {}
        return _book(resourceId, duration, maxPricePerSecond);
    }

    /// @inheritdoc IResourceMarketplace
    function extendBooking(uint256 bookingId, uint256 extraDuration) external whenNotPaused {
        BookingData storage b = _bookingIn(bookingId, _bit(BookingState.Requested) | _bit(BookingState.Active));
        if (b.consumer != msg.sender) revert MarketplaceNotConsumer(bookingId, msg.sender);
        if (extraDuration == 0 || extraDuration > _maxBookingDuration) revert MarketplaceInvalidDuration(extraDuration);
        if (b.state == BookingState.Active) b.deadline = (b.deadline + extraDuration).toUint40();
        uint256 amount = escrow.extend(bookingId, extraDuration);
        emit BookingExtended(bookingId, extraDuration, amount);
    }

    /// @inheritdoc IResourceMarketplace
    function cancelBooking(uint256 bookingId) external {
        BookingData storage b = _bookingIn(bookingId, _bit(BookingState.Requested) | _bit(BookingState.Active));
        if (b.consumer != msg.sender) revert MarketplaceNotConsumer(bookingId, msg.sender);
        _close(b, BookingState.Cancelled);
        uint256 refund = escrow.cancel(bookingId);
        emit BookingCancelled(bookingId, msg.sender, refund);
    }

    /// @inheritdoc IResourceMarketplace
    function reclaimBooking(uint256 bookingId) external {
        BookingData storage b = _bookingIn(bookingId, _bit(BookingState.Expired));
        _close(b, BookingState.Reclaimed);
        uint256 refund = escrow.cancel(bookingId);
        emit BookingReclaimed(bookingId, refund);
    }

    /// @inheritdoc IResourceMarketplace
    function completeBooking(uint256 bookingId) external {
        BookingData storage b = _bookingIn(bookingId, _bit(BookingState.Ended));
        _close(b, BookingState.Completed);
        emit BookingCompleted(bookingId);
    }

    // ---------------------------------------------------------------- SLA

    /// @inheritdoc IResourceMarketplace
    function slash(
        address provider,
        uint256 amount,
        address recipient
    ) external onlyRole(SLA_ROLE) nonReentrant returns (uint256 slashed) {
        Provider storage p = _providers[provider];
        slashed = Math.min(amount, p.stake);
        if (slashed == 0) return 0;
        uint256 total = p.stake - slashed;
        p.stake = uint128(total);
        emit StakeSlashed(provider, recipient, slashed, total);
        token.safeTransfer(recipient, slashed);
    }

    /// @inheritdoc IResourceMarketplace
    function holdStake(address provider) external onlyRole(SLA_ROLE) {
        Provider storage p = _providers[provider];
        uint32 holds = p.stakeHolds + 1;
        p.stakeHolds = holds;
        emit StakeHeld(provider, holds);
    }

    /// @inheritdoc IResourceMarketplace
    function releaseStake(address provider) external onlyRole(SLA_ROLE) {
        Provider storage p = _providers[provider];
        uint32 holds = p.stakeHolds;
        if (holds == 0) revert MarketplaceNoStakeHold(provider);
        unchecked {
            // cannot underflow: holds != 0
            --holds;
        }
        p.stakeHolds = holds;
        emit StakeReleased(provider, holds);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IResourceMarketplace
    function setMinStake(uint256 minStake_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        emit MinStakeUpdated(_minStake, minStake_);
        _minStake = minStake_;
    }

    /// @inheritdoc IResourceMarketplace
    function setProvisionWindow(uint40 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (window == 0) revert MarketplaceInvalidParameter();
        emit ProvisionWindowUpdated(_provisionWindow, window);
        _provisionWindow = window;
    }

    /// @inheritdoc IResourceMarketplace
    function setMaxBookingDuration(uint40 duration) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (duration == 0) revert MarketplaceInvalidParameter();
        emit MaxBookingDurationUpdated(_maxBookingDuration, duration);
        _maxBookingDuration = duration;
    }

    /// @notice Stops new registrations, listings, bookings, activations and extensions. Exits still work.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lifts {pause}.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IResourceMarketplace
    function getResource(uint256 resourceId) external view returns (Resource memory) {
        ResourceData storage r = _resources[resourceId];
        if (r.provider == address(0)) revert MarketplaceUnknownResource(resourceId);
        return
            Resource({
                provider: r.provider,
                pricePerSecond: r.pricePerSecond,
                spec: ResourceSpec({
                    cpuMillicores: r.cpuMillicores,
                    memoryMB: r.memoryMB,
                    storageGB: r.storageGB,
                    gpuCount: r.gpuCount,
                    capacity: r.capacity,
                    region: r.region
                }),
                sla: SLATerms({
                    uptimeTargetBps: r.uptimeTargetBps,
                    penaltyBps: r.penaltyBps,
                    p95LatencyMs: r.p95LatencyMs,
                    periodLength: r.periodLength
                }),
                inUse: r.inUse,
                active: r.active
            });
    }

    /// @inheritdoc IResourceMarketplace
    function getBooking(uint256 bookingId) external view returns (Booking memory) {
        BookingData storage b = _bookings[bookingId];
        if (b.consumer == address(0)) revert MarketplaceUnknownBooking(bookingId);
        return Booking({consumer: b.consumer, resourceId: b.resourceId, state: b.state, deadline: b.deadline});
    }

    /// @inheritdoc IResourceMarketplace
    function bookingState(uint256 bookingId) public view returns (BookingState) {
        BookingData storage b = _bookings[bookingId];
        BookingState stored = b.state;
        if (stored == BookingState.Requested && block.timestamp > b.deadline) return BookingState.Expired;
        if (stored == BookingState.Active && block.timestamp >= b.deadline) return BookingState.Ended;
        return stored;
    }

    /// @inheritdoc IResourceMarketplace
    function getProvider(address provider) external view returns (Provider memory) {
        return _providers[provider];
    }

    /// @inheritdoc IResourceMarketplace
    function isProvider(address account) external view returns (bool) {
        return _providers[account].registered;
    }

    /// @inheritdoc IResourceMarketplace
    function resourceCount() external view returns (uint256) {
        return _resourceCount;
    }

    /// @inheritdoc IResourceMarketplace
    function bookingCount() external view returns (uint256) {
        return _bookingCount;
    }

    /// @inheritdoc IResourceMarketplace
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IResourceMarketplace
    function provisionWindow() external view returns (uint40) {
        return _provisionWindow;
    }

    /// @inheritdoc IResourceMarketplace
    function maxBookingDuration() external view returns (uint40) {
        return _maxBookingDuration;
    }

    // ---------------------------------------------------------------- internal

    function _book(
        uint256 resourceId,
        uint256 duration,
        uint256 maxPricePerSecond
    ) private returns (uint256 bookingId) {
        ResourceData storage r = _resources[resourceId];
        address provider = r.provider;
        if (provider == address(0)) revert MarketplaceUnknownResource(resourceId);
        if (!r.active) revert MarketplaceResourceInactive(resourceId);
        Provider storage p = _providers[provider];
        if (!p.registered) revert MarketplaceNotRegistered(provider);
        if (p.stake < _minStake) revert MarketplaceInsufficientStake(p.stake, _minStake);
        uint96 price = r.pricePerSecond;
        if (price > maxPricePerSecond) revert MarketplacePriceAboveMax(price, maxPricePerSecond);
        if (duration == 0 || duration > _maxBookingDuration) revert MarketplaceInvalidDuration(duration);
        uint16 inUse = r.inUse;
        if (inUse >= r.capacity) revert MarketplaceCapacityExhausted(resourceId, r.capacity);

        // Cannot overflow: inUse < capacity <= type(uint16).max, and 2^32 open bookings per provider
        // would need more bookings than uint48 ids and block gas allow in practice.
        unchecked {
            r.inUse = inUse + 1;
            p.openBookings += 1;
        }
        r.booked = true; // same slot as inUse
        bookingId = ++_bookingCount;
        uint40 deadline = uint40(block.timestamp) + _provisionWindow;
        _bookings[bookingId] = BookingData({
            consumer: msg.sender,
            resourceId: uint48(resourceId),
            state: BookingState.Requested,
            deadline: deadline
        });
        uint256 amount = price * duration;
        emit BookingCreated(bookingId, resourceId, msg.sender, provider, price, duration, amount, deadline);
        escrow.open(bookingId, msg.sender, provider, price, amount);
    }

    /// @dev Moves a booking to a terminal state and frees the capacity and provider slot it held.
    function _close(BookingData storage b, BookingState to) private {
        b.state = to;
        ResourceData storage r = _resources[b.resourceId];
        // Cannot underflow: every open booking incremented both counters once in {_book}.
        unchecked {
            r.inUse -= 1;
            _providers[r.provider].openBookings -= 1;
        }
    }

    function _bookingIn(uint256 bookingId, bytes32 allowed) private view returns (BookingData storage b) {
        b = _bookings[bookingId];
        if (b.consumer == address(0)) revert MarketplaceUnknownBooking(bookingId);
        BookingState current = bookingState(bookingId);
        if (_bit(current) & allowed == 0) revert MarketplaceUnexpectedBookingState(bookingId, current, allowed);
    }

    function _bit(BookingState s) private pure returns (bytes32) {
        return bytes32(1 << uint8(s));
    }

    function _requireRegistered(address account) private view returns (Provider storage p) {
        p = _providers[account];
        if (!p.registered) revert MarketplaceNotRegistered(account);
    }

    function _ownResource(uint256 resourceId) private view returns (ResourceData storage r) {
        r = _resources[resourceId];
        if (r.provider == address(0)) revert MarketplaceUnknownResource(resourceId);
        if (r.provider != msg.sender) revert MarketplaceNotResourceProvider(resourceId, msg.sender);
    }

    function _validateListing(ResourceSpec calldata spec, uint96 price, SLATerms calldata sla) private pure {
        if (spec.cpuMillicores == 0 || spec.memoryMB == 0 || spec.capacity == 0 || spec.region == bytes32(0)) {
            revert MarketplaceInvalidSpec();
        }
        if (price == 0) revert MarketplaceInvalidPrice();
        if (
            sla.uptimeTargetBps == 0 ||
            sla.uptimeTargetBps > BPS ||
            sla.penaltyBps > BPS ||
            sla.p95LatencyMs == 0 ||
            sla.periodLength < MIN_SLA_PERIOD ||
            sla.periodLength > MAX_SLA_PERIOD
        ) revert MarketplaceInvalidSLATerms();
    }

    function _writeListing(
        ResourceData storage r,
        ResourceSpec calldata spec,
        uint96 price,
        SLATerms calldata sla
    ) private {
        r.pricePerSecond = price;
        r.cpuMillicores = spec.cpuMillicores;
        r.memoryMB = spec.memoryMB;
        r.storageGB = spec.storageGB;
        r.gpuCount = spec.gpuCount;
        r.capacity = spec.capacity;
        r.uptimeTargetBps = sla.uptimeTargetBps;
        r.penaltyBps = sla.penaltyBps;
        r.p95LatencyMs = sla.p95LatencyMs;
        r.periodLength = sla.periodLength;
        r.region = spec.region;
    }
}
