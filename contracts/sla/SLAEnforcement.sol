// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlEnumerable} from "@openzeppelin/contracts/access/extensions/AccessControlEnumerable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEscrowManager} from "../escrow/IEscrowManager.sol";
import {IResourceMarketplace} from "../marketplace/IResourceMarketplace.sol";
import {ISLAEnforcement} from "./ISLAEnforcement.sol";

/**
 * @title SLAEnforcement
 * @notice Quorum-reported SLA periods, penalties, reputation and slashing. See {ISLAEnforcement}.
 * @dev Needs SLA_ROLE on both the escrow (penalties) and the marketplace (slashing). Reporters hold
 * REPORTER_ROLE, granted and revoked by governance (DEFAULT_ADMIN_ROLE, the timelock), which also
 * resolves disputes. The reporter set can never shrink below the quorum.
 */
contract SLAEnforcement is ISLAEnforcement, AccessControlEnumerable, ReentrancyGuardTransient {
    using SafeCast for uint256;

    bytes32 public constant REPORTER_ROLE = keccak256("REPORTER_ROLE");
    /// @notice Reputation of a provider before any report about it has been applied.
    uint16 public constant INITIAL_REPUTATION = 5_000;
    uint16 private constant BPS = 10_000;

    IResourceMarketplace public immutable marketplace;
    IEscrowManager public immutable escrow;

    mapping(uint256 bookingId => mapping(uint256 period => Report)) private _reports;
    mapping(uint256 bookingId => mapping(uint256 period => mapping(bytes32 measurement => uint256))) private _votes;
    mapping(uint256 bookingId => mapping(uint256 period => mapping(address reporter => bool))) private _submitted;
    mapping(address provider => ProviderRecord) private _records;

    uint16 private _quorum;
    uint40 private _disputeWindow;
    uint16 private _reputationGain;
    uint16 private _reputationLoss;
    uint16 private _strikeThreshold;
    uint16 private _slashBps;

    /// @dev The booking facts a report needs, read from the marketplace and the escrow.
    struct BookingFacts {
        address consumer;
        address provider;
        uint256 start;
        uint256 end;
        uint256 rate;
        IResourceMarketplace.SLATerms terms;
    }

    /**
     * @param admin Governance (receives DEFAULT_ADMIN_ROLE).
     * @param reporters Initial reporter set.
     * @param quorum_ Matching submissions needed (1..reporters.length).
     * @param disputeWindow_ Seconds to dispute a final report (0 applies reports at once).
     */
    constructor(
        IResourceMarketplace marketplace_,
        IEscrowManager escrow_,
        address admin,
        address[] memory reporters,
        uint16 quorum_,
        uint40 disputeWindow_
    ) {
        marketplace = marketplace_;
        escrow = escrow_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        for (uint256 i = 0; i < reporters.length; ++i) {
            _grantRole(REPORTER_ROLE, reporters[i]);
        }
        if (quorum_ == 0 || quorum_ > getRoleMemberCount(REPORTER_ROLE)) {
            revert SLAInvalidQuorum(quorum_, getRoleMemberCount(REPORTER_ROLE));
        }
        _quorum = quorum_;
        _disputeWindow = disputeWindow_;
        _reputationGain = 50;
        _reputationLoss = 500;
        _strikeThreshold = 3;
        _slashBps = 1_000;
    }

    // ---------------------------------------------------------------- reporters

    /// @inheritdoc ISLAEnforcement
    function submitReport(
        uint256 bookingId,
        uint256 period,
        uint16 uptimeBps,
        uint32 p95LatencyMs
    ) external nonReentrant {
        if (!hasRole(REPORTER_ROLE, msg.sender)) revert SLANotReporter(msg.sender);
        if (uptimeBps > BPS) revert SLAInvalidMeasurement(uptimeBps);
        Report storage report = _reports[bookingId][period];
        if (report.status != ReportStatus.None) revert SLAReportFinal(bookingId, period);
        if (_submitted[bookingId][period][msg.sender]) revert SLAAlreadySubmitted(bookingId, period, msg.sender);

        BookingFacts memory f = _facts(bookingId);
        (uint256 periodStart, uint256 periodEnd) = _bounds(f, bookingId, period);
        if (block.timestamp < periodEnd) revert SLAPeriodNotOver(bookingId, period, periodEnd);

        _submitted[bookingId][period][msg.sender] = true;
        bytes32 measurement = keccak256(abi.encode(uptimeBps, p95LatencyMs));
        uint256 votes = ++_votes[bookingId][period][measurement];
        emit ReportSubmitted(bookingId, period, msg.sender, uptimeBps, p95LatencyMs, votes);
        if (votes < _quorum) return;

        bool violated = uptimeBps < f.terms.uptimeTargetBps || p95LatencyMs > f.terms.p95LatencyMs;
        uint256 penalty = violated ? ((periodEnd - periodStart) * f.rate * f.terms.penaltyBps) / BPS : 0;
        report.uptimeBps = uptimeBps;
        report.p95LatencyMs = p95LatencyMs;
        report.violated = violated;
        report.status = ReportStatus.Pending;
        report.disputeClosesAt = (block.timestamp + _disputeWindow).toUint40();
        report.penalty = penalty.toUint128();
        emit ReportFinalized(bookingId, period, f.provider, uptimeBps, p95LatencyMs, violated, penalty);
        if (_disputeWindow == 0) {
            _apply(bookingId, period, report, f);
        } else {
            // Until it is applied, the report may still take the provider's stake: keep it from leaving.
            marketplace.holdStake(f.provider);
        }
    }

    // ---------------------------------------------------------------- anyone / parties

    /// @inheritdoc ISLAEnforcement
    function applyReport(uint256 bookingId, uint256 period) external nonReentrant {
        Report storage report = _reportIn(bookingId, period, ReportStatus.Pending);
        uint256 closesAt = report.disputeClosesAt;
        if (block.timestamp < closesAt) revert SLADisputeWindowOpen(bookingId, period, closesAt);
        BookingFacts memory f = _facts(bookingId);
        _apply(bookingId, period, report, f);
        marketplace.releaseStake(f.provider);
    }

    /// @inheritdoc ISLAEnforcement
    function disputeReport(uint256 bookingId, uint256 period) external {
        Report storage report = _reportIn(bookingId, period, ReportStatus.Pending);
        BookingFacts memory f = _facts(bookingId);
        if (msg.sender != f.consumer && msg.sender != f.provider) revert SLANotParty(bookingId, msg.sender);
        uint256 closesAt = report.disputeClosesAt;
        if (block.timestamp >= closesAt) revert SLADisputeWindowClosed(bookingId, period, closesAt);
        report.status = ReportStatus.Disputed;
        emit ReportDisputed(bookingId, period, msg.sender);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc ISLAEnforcement
    function resolveDispute(
        uint256 bookingId,
        uint256 period,
        bool violated
    ) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        Report storage report = _reportIn(bookingId, period, ReportStatus.Disputed);
        BookingFacts memory f = _facts(bookingId);
        uint256 penalty;
        if (violated) {
            (uint256 periodStart, uint256 periodEnd) = _bounds(f, bookingId, period);
            penalty = ((periodEnd - periodStart) * f.rate * f.terms.penaltyBps) / BPS;
        }
        report.violated = violated;
        report.penalty = penalty.toUint128();
        emit DisputeResolved(bookingId, period, violated, penalty);
        _apply(bookingId, period, report, f);
        marketplace.releaseStake(f.provider);
    }

    /// @inheritdoc ISLAEnforcement
    function setQuorum(uint16 quorum_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 reporters = getRoleMemberCount(REPORTER_ROLE);
        if (quorum_ == 0 || quorum_ > reporters) revert SLAInvalidQuorum(quorum_, reporters);
        emit QuorumUpdated(_quorum, quorum_);
        _quorum = quorum_;
    }

    /// @inheritdoc ISLAEnforcement
    function setDisputeWindow(uint40 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        emit DisputeWindowUpdated(_disputeWindow, window);
        _disputeWindow = window;
    }

    /// @inheritdoc ISLAEnforcement
    function setReputationParams(uint16 gainBps, uint16 lossBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (gainBps > BPS || lossBps > BPS) revert SLAInvalidParameter();
        _reputationGain = gainBps;
        _reputationLoss = lossBps;
        emit ReputationParamsUpdated(gainBps, lossBps);
    }

    /// @inheritdoc ISLAEnforcement
    function setSlashingParams(uint16 strikeThreshold, uint16 slashBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (strikeThreshold == 0 || slashBps > BPS) revert SLAInvalidParameter();
        _strikeThreshold = strikeThreshold;
        _slashBps = slashBps;
        emit SlashingParamsUpdated(strikeThreshold, slashBps);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISLAEnforcement
    function getReport(uint256 bookingId, uint256 period) external view returns (Report memory) {
        return _reports[bookingId][period];
    }

    /// @inheritdoc ISLAEnforcement
    function votesFor(
        uint256 bookingId,
        uint256 period,
        uint16 uptimeBps,
        uint32 p95LatencyMs
    ) external view returns (uint256) {
        return _votes[bookingId][period][keccak256(abi.encode(uptimeBps, p95LatencyMs))];
    }

    /// @inheritdoc ISLAEnforcement
    function hasSubmitted(uint256 bookingId, uint256 period, address reporter) external view returns (bool) {
        return _submitted[bookingId][period][reporter];
    }

    /// @inheritdoc ISLAEnforcement
    function getProviderRecord(address provider) public view returns (ProviderRecord memory record) {
        record = _records[provider];
        if (record.periodsReported == 0) record.reputationBps = INITIAL_REPUTATION;
    }

    /// @inheritdoc ISLAEnforcement
    function reputationOf(address provider) external view returns (uint16) {
        return getProviderRecord(provider).reputationBps;
    }

    /// @inheritdoc ISLAEnforcement
    function periodBounds(uint256 bookingId, uint256 period) external view returns (uint40 start, uint40 end) {
        (uint256 s, uint256 e) = _bounds(_facts(bookingId), bookingId, period);
        return (uint40(s), uint40(e));
    }

    /// @inheritdoc ISLAEnforcement
    function quorum() external view returns (uint16) {
        return _quorum;
    }

    /// @inheritdoc ISLAEnforcement
    function disputeWindow() external view returns (uint40) {
        return _disputeWindow;
    }

    // ---------------------------------------------------------------- internal

    function _apply(uint256 bookingId, uint256 period, Report storage report, BookingFacts memory f) private {
        report.status = ReportStatus.Applied;
        ProviderRecord storage rec = _records[f.provider];
        if (rec.periodsReported == 0) rec.reputationBps = INITIAL_REPUTATION;
        rec.periodsReported += 1;

        uint256 refunded;
        uint256 fromStake;
        if (report.violated) {
            rec.violations += 1;
            rec.strikes += 1;
            rec.reputationBps = rec.reputationBps > _reputationLoss ? rec.reputationBps - _reputationLoss : 0;
            uint256 penalty = report.penalty;
            if (penalty != 0) {
                // The escrow pays only what the provider has earned and not withdrawn (never the
                // consumer's prepayment for time not yet served); the stake covers the rest.
                refunded = escrow.penalize(bookingId, penalty);
                if (refunded < penalty) fromStake = marketplace.slash(f.provider, penalty - refunded, f.consumer);
            }
        } else {
            rec.reputationBps = uint16(Math.min(uint256(rec.reputationBps) + _reputationGain, BPS));
        }
        emit ReportApplied(bookingId, period, f.provider, report.violated, refunded, fromStake, rec.reputationBps);

        if (rec.strikes >= _strikeThreshold) {
            rec.strikes = 0;
            uint256 stake = marketplace.getProvider(f.provider).stake;
            uint256 slashed = marketplace.slash(f.provider, (stake * _slashBps) / BPS, escrow.treasury());
            emit ProviderSlashed(f.provider, slashed, rec.violations);
        }
    }

    function _facts(uint256 bookingId) private view returns (BookingFacts memory f) {
        IEscrowManager.Stream memory s = escrow.getStream(bookingId);
        if (s.start == 0) revert SLABookingNotActivated(bookingId);
        IResourceMarketplace.Booking memory b = marketplace.getBooking(bookingId);
        f.consumer = s.consumer;
        f.provider = s.provider;
        f.start = s.start;
        f.end = s.end;
        f.rate = s.ratePerSecond;
        f.terms = marketplace.getResource(b.resourceId).sla;
    }

    function _bounds(
        BookingFacts memory f,
        uint256 bookingId,
        uint256 period
    ) private pure returns (uint256 periodStart, uint256 periodEnd) {
        uint256 length = f.terms.periodLength;
        // A period index past the booking's length (or large enough to overflow) is out of range.
        if (period >= (f.end - f.start + length - 1) / length) revert SLAPeriodOutOfRange(bookingId, period);
        periodStart = f.start + period * length;
        periodEnd = Math.min(periodStart + length, f.end);
    }

    function _reportIn(
        uint256 bookingId,
        uint256 period,
        ReportStatus expected
    ) private view returns (Report storage report) {
        report = _reports[bookingId][period];
        if (report.status != expected) revert SLAUnexpectedReportStatus(bookingId, period, report.status);
    }

    /// @dev Keeps the reporter set at least as large as the quorum.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == REPORTER_ROLE && getRoleMemberCount(REPORTER_ROLE) < _quorum) {
            revert SLAInvalidQuorum(_quorum, getRoleMemberCount(REPORTER_ROLE));
        }
    }
}
