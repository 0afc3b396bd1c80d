// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEscrowManager} from "./IEscrowManager.sol";

/**
 * @title EscrowManager
 * @notice One streaming escrow per booking. See {IEscrowManager}.
 * @dev Bookings are opened, started, extended and cancelled by the marketplace (MARKETPLACE_ROLE);
 * penalties come from the SLA contract (SLA_ROLE); parameters belong to governance
 * (DEFAULT_ADMIN_ROLE, the timelock). Pausing stops money coming in and provider withdrawals, never
 * a consumer's cancellation. Tokens that charge a fee on transfer are not supported.
 */
contract EscrowManager is IEscrowManager, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    bytes32 public constant MARKETPLACE_ROLE = keccak256("MARKETPLACE_ROLE");
    bytes32 public constant SLA_ROLE = keccak256("SLA_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice Upper bound governance can set the platform fee to (10%).
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint256 private constant BPS = 10_000;

    /// @notice The payment token.
    IERC20 public immutable token;

    mapping(uint256 bookingId => Stream) private _streams;
    uint128 private _unsweptFees;
    uint16 private _platformFeeBps;
    address private _treasury;

    /**
     * @param token_ Payment token.
     * @param admin Receives DEFAULT_ADMIN_ROLE and PAUSER_ROLE (the timelock, or the deployer until it hands over).
     * @param treasury_ Receives swept fees.
     * @param feeBps Initial platform fee.
     */
    constructor(IERC20 token_, address admin, address treasury_, uint16 feeBps) {
        if (feeBps > MAX_FEE_BPS) revert EscrowFeeTooHigh(feeBps, MAX_FEE_BPS);
        if (treasury_ == address(0)) revert EscrowInvalidTreasury(treasury_);
        token = token_;
        _treasury = treasury_;
        _platformFeeBps = feeBps;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    // ---------------------------------------------------------------- marketplace

    /// @inheritdoc IEscrowManager
    function open(
        uint256 bookingId,
        address consumer,
        address provider,
        uint96 ratePerSecond,
        uint256 amount
    ) external onlyRole(MARKETPLACE_ROLE) whenNotPaused nonReentrant {
        Stream storage s = _streams[bookingId];
        if (s.amount != 0) revert EscrowBookingExists(bookingId);
        if (ratePerSecond == 0 || amount == 0 || amount % ratePerSecond != 0) {
            revert EscrowInvalidAmount(amount, ratePerSecond);
        }
        uint16 feeBps = _platformFeeBps;
        s.consumer = consumer;
        s.feeBps = feeBps;
        s.provider = provider;
        s.ratePerSecond = ratePerSecond;
        s.amount = amount.toUint128();
        emit StreamOpened(bookingId, consumer, provider, ratePerSecond, amount, feeBps);
        token.safeTransferFrom(consumer, address(this), amount);
    }

    /// @inheritdoc IEscrowManager
    function start(uint256 bookingId) external onlyRole(MARKETPLACE_ROLE) whenNotPaused returns (uint40 end) {
        Stream storage s = _openStream(bookingId);
        if (s.start != 0) revert EscrowAlreadyStarted(bookingId);
        uint40 now_ = uint40(block.timestamp);
        end = (block.timestamp + s.amount / s.ratePerSecond).toUint40();
        s.start = now_;
        s.end = end;
        emit StreamStarted(bookingId, now_, end);
    }

    /// @inheritdoc IEscrowManager
    function extend(
        uint256 bookingId,
        uint256 extraSeconds
    ) external onlyRole(MARKETPLACE_ROLE) whenNotPaused nonReentrant returns (uint256 amount) {
        Stream storage s = _openStream(bookingId);
        amount = extraSeconds * s.ratePerSecond;
        if (amount == 0) revert EscrowInvalidAmount(amount, s.ratePerSecond);
        uint256 total = s.amount + amount;
        s.amount = total.toUint128();
        uint40 end;
        if (s.start != 0) {
            end = (s.end + extraSeconds).toUint40();
            s.end = end;
        }
        emit StreamExtended(bookingId, amount, end, total);
        token.safeTransferFrom(s.consumer, address(this), amount);
    }

    /// @inheritdoc IEscrowManager
    function cancel(uint256 bookingId) external onlyRole(MARKETPLACE_ROLE) nonReentrant returns (uint256 refund) {
        Stream storage s = _openStream(bookingId);
        uint40 end = uint40(block.timestamp);
        if (s.start != 0) {
            s.end = end; // freezes what the provider has earned
            refund = _balance(s) - _claimable(s);
        } else {
            end = 0;
            refund = _balance(s);
        }
        s.refunded = (s.refunded + refund).toUint128();
        emit StreamCancelled(bookingId, end, refund);
        if (refund != 0) token.safeTransfer(s.consumer, refund);
    }

    // ---------------------------------------------------------------- SLA

    /// @inheritdoc IEscrowManager
    function penalize(
        uint256 bookingId,
        uint256 amount
    ) external onlyRole(SLA_ROLE) nonReentrant returns (uint256 applied) {
        Stream storage s = _streams[bookingId];
        if (s.amount == 0) revert EscrowUnknownBooking(bookingId);
        // Only what the provider has earned and not withdrawn: the rest of the balance is the
        // consumer's prepayment for time not yet served, which a later cancellation refunds anyway.
        applied = Math.min(amount, _claimable(s));
        if (applied == 0) return 0;
        uint128 total = (s.penalized + applied).toUint128();
        s.penalized = total;
        emit PenaltyApplied(bookingId, s.consumer, applied, total);
        token.safeTransfer(s.consumer, applied);
    }

    // ---------------------------------------------------------------- provider

    /// @inheritdoc IEscrowManager
    function withdraw(uint256 bookingId) external whenNotPaused nonReentrant returns (uint256 net) {
        uint256 gross;
        (net, gross) = _settle(bookingId);
        if (gross == 0) revert EscrowNothingToWithdraw(bookingId);
        // A 1-wei claim can be all fee (net 0): it is still settled, so the booking can close.
        if (net != 0) token.safeTransfer(msg.sender, net);
    }

    /// @inheritdoc IEscrowManager
    function withdrawMany(uint256[] calldata bookingIds) external whenNotPaused nonReentrant returns (uint256 net) {
        uint256 grossTotal;
        for (uint256 i = 0; i < bookingIds.length; ++i) {
            (uint256 bookingNet, uint256 gross) = _settle(bookingIds[i]);
            net += bookingNet;
            grossTotal += gross;
        }
        if (grossTotal == 0) revert EscrowNothingToWithdraw(bookingIds.length == 0 ? 0 : bookingIds[0]);
        if (net != 0) token.safeTransfer(msg.sender, net);
    }

    // ---------------------------------------------------------------- anyone

    /// @inheritdoc IEscrowManager
    function sweepFees() external nonReentrant returns (uint256 amount) {
        amount = _unsweptFees;
        _unsweptFees = 0;
        address to = _treasury;
        emit FeesSwept(to, amount);
        if (amount != 0) token.safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IEscrowManager
    function setPlatformFee(uint16 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeBps > MAX_FEE_BPS) revert EscrowFeeTooHigh(feeBps, MAX_FEE_BPS);
        emit PlatformFeeUpdated(_platformFeeBps, feeBps);
        _platformFeeBps = feeBps;
    }

    /// @inheritdoc IEscrowManager
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert EscrowInvalidTreasury(treasury_);
        emit TreasuryUpdated(_treasury, treasury_);
        _treasury = treasury_;
    }

    /// @notice Stops money coming in and provider withdrawals. Cancellations and penalties still work.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lifts {pause}.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IEscrowManager
    function getStream(uint256 bookingId) external view returns (Stream memory) {
        return _streams[bookingId];
    }

    /// @inheritdoc IEscrowManager
    function earned(uint256 bookingId) external view returns (uint256) {
        return _earned(_streams[bookingId]);
    }

    /// @inheritdoc IEscrowManager
    function withdrawable(uint256 bookingId) external view returns (uint256) {
        Stream storage s = _streams[bookingId];
        uint256 gross = _claimable(s);
        return gross - _feeOn(s, gross);
    }

    /// @inheritdoc IEscrowManager
    function balanceOf(uint256 bookingId) external view returns (uint256) {
        return _balance(_streams[bookingId]);
    }

    /// @inheritdoc IEscrowManager
    function refundable(uint256 bookingId) external view returns (uint256) {
        Stream storage s = _streams[bookingId];
        if (s.amount == 0 || _isClosed(s)) return 0;
        if (s.start == 0) return _balance(s);
        return _balance(s) - _claimable(s);
    }

    /// @inheritdoc IEscrowManager
    function unsweptFees() external view returns (uint256) {
        return _unsweptFees;
    }

    /// @inheritdoc IEscrowManager
    function platformFeeBps() external view returns (uint16) {
        return _platformFeeBps;
    }

    /// @inheritdoc IEscrowManager
    function treasury() external view returns (address) {
        return _treasury;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Moves the provider's claimable gross into `settled`, accrues the fee and returns the net.
    /// @dev Settles everything claimable on `bookingId`; returns what the provider gets and what was settled.
    function _settle(uint256 bookingId) private returns (uint256 net, uint256 gross) {
        Stream storage s = _streams[bookingId];
        if (s.provider != msg.sender) revert EscrowNotProvider(bookingId, msg.sender);
        gross = _claimable(s);
        if (gross == 0) return (0, 0);
        uint256 fee = _feeOn(s, gross);
        net = gross - fee;
        uint128 settled = (s.settled + gross).toUint128();
        s.settled = settled;
        _unsweptFees += fee.toUint128();
        emit EarningsWithdrawn(bookingId, msg.sender, net, fee, settled);
    }

    /// @dev The fee on settling `gross` more: computed on the cumulative settled amount, so splitting
    /// withdrawals cannot round the fee away.
    function _feeOn(Stream storage s, uint256 gross) private view returns (uint256) {
        uint256 before = s.settled;
        return ((before + gross) * s.feeBps) / BPS - (before * s.feeBps) / BPS;
    }

    function _openStream(uint256 bookingId) private view returns (Stream storage s) {
        s = _streams[bookingId];
        if (s.amount == 0) revert EscrowUnknownBooking(bookingId);
        if (_isClosed(s)) revert EscrowClosed(bookingId);
    }

    /// @dev Closed once cancelled (refunded) or once an activated stream has run out.
    function _isClosed(Stream storage s) private view returns (bool) {
        return s.refunded != 0 || (s.start != 0 && s.end <= block.timestamp);
    }

    function _earned(Stream storage s) private view returns (uint256) {
        uint256 from = s.start;
        if (from == 0) return 0;
        uint256 to = Math.min(block.timestamp, s.end);
        return to > from ? (to - from) * s.ratePerSecond : 0;
    }

    /// @dev Gross the provider may still take: earned less what was settled or penalized.
    function _claimable(Stream storage s) private view returns (uint256) {
        uint256 taken = uint256(s.settled) + s.penalized;
        uint256 e = _earned(s);
        return e > taken ? e - taken : 0;
    }

    function _balance(Stream storage s) private view returns (uint256) {
        return uint256(s.amount) - s.settled - s.penalized - s.refunded;
    }
}
