// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ISLAEnforcement
 * @notice Reporters (an m-of-n set chosen by governance) report each activated booking's SLA
 * periods. When `quorum` reporters agree on the same measurement the report is final; after a
 * dispute window it is applied: a violation moves `penaltyBps` of the period's earnings back to
 * the consumer (from the provider's earnings still in the escrow, never from the consumer's
 * prepayment for time not yet served, and from the provider's stake for any shortfall), lowers the
 * provider's reputation and adds a strike; `slashThreshold` strikes slash `slashBps` of the stake
 * to the treasury. Either party may dispute a final report inside the window; governance then
 * decides whether it was a violation.
 *
 * Period `i` of a booking covers `[start + i × periodLength, min(start + (i + 1) × periodLength, end))`.
 */
interface ISLAEnforcement {
    enum ReportStatus {
        None, // fewer than `quorum` matching submissions so far
        Pending, // final, waiting for the dispute window to close
        Disputed, // escalated to governance
        Applied // outcome applied (penalty, reputation, strikes)
    }

    struct Report {
        uint16 uptimeBps;
        uint32 p95LatencyMs;
        bool violated;
        ReportStatus status;
        uint40 disputeClosesAt; // fixed when the report became final: later window changes do not move it
        uint128 penalty; // what a violation costs the provider, computed when the report became final
    }

    struct ProviderRecord {
        uint16 reputationBps; // 0..10000; providers start at {INITIAL_REPUTATION}
        uint32 periodsReported;
        uint32 violations;
        uint16 strikes; // violations since the last slash
    }

    error SLANotReporter(address account);
    error SLAAlreadySubmitted(uint256 bookingId, uint256 period, address reporter);
    error SLAReportFinal(uint256 bookingId, uint256 period);
    error SLABookingNotActivated(uint256 bookingId);
    error SLAPeriodNotOver(uint256 bookingId, uint256 period, uint256 periodEnd);
    error SLAPeriodOutOfRange(uint256 bookingId, uint256 period);
    error SLAInvalidMeasurement(uint256 uptimeBps);
    error SLAUnexpectedReportStatus(uint256 bookingId, uint256 period, ReportStatus status);
    error SLADisputeWindowOpen(uint256 bookingId, uint256 period, uint256 closesAt);
    error SLADisputeWindowClosed(uint256 bookingId, uint256 period, uint256 closedAt);
    error SLANotParty(uint256 bookingId, address caller);
    error SLAInvalidQuorum(uint256 quorum, uint256 reporters);
    error SLAInvalidParameter();

    /// @notice `reporter` submitted a measurement for a booking period; `votes` now agree with it.
    event ReportSubmitted(
        uint256 indexed bookingId,
        uint256 indexed period,
        address indexed reporter,
        uint16 uptimeBps,
        uint32 p95LatencyMs,
        uint256 votes
    );
    /// @notice A quorum agreed; the report is final and applies after the dispute window.
    event ReportFinalized(
        uint256 indexed bookingId,
        uint256 indexed period,
        address indexed provider,
        uint16 uptimeBps,
        uint32 p95LatencyMs,
        bool violated,
        uint256 penalty
    );
    /// @notice `by` (the consumer or the provider) escalated a final report to governance.
    event ReportDisputed(uint256 indexed bookingId, uint256 indexed period, address indexed by);
    /// @notice Governance decided a disputed report.
    event DisputeResolved(uint256 indexed bookingId, uint256 indexed period, bool violated, uint256 penalty);
    /**
     * @notice A report's outcome was applied. `refunded` came from the escrow (the provider's earned,
     * not yet withdrawn funds of the booking), `fromStake` from the provider's stake.
     */
    event ReportApplied(
        uint256 indexed bookingId,
        uint256 indexed period,
        address indexed provider,
        bool violated,
        uint256 refunded,
        uint256 fromStake,
        uint16 reputationBps
    );
    /// @notice A provider reached the strike threshold and lost `amount` of stake to the treasury.
    event ProviderSlashed(address indexed provider, uint256 amount, uint32 violations);
    event QuorumUpdated(uint16 oldQuorum, uint16 newQuorum);
    event DisputeWindowUpdated(uint40 oldWindow, uint40 newWindow);
    event ReputationParamsUpdated(uint16 gainBps, uint16 lossBps);
    event SlashingParamsUpdated(uint16 strikeThreshold, uint16 slashBps);

    /**
     * @notice Reports a booking period's measured uptime and p95 latency.
     * @dev Only reporters; once per reporter per period; the period must be over. The submission
     * that brings `quorum` reporters into agreement finalizes the report (and applies it at once when
     * the dispute window is zero; otherwise it holds the provider's stake in the marketplace until the
     * report is applied, so a provider cannot deregister with a penalty pending). Emits
     * {ReportSubmitted}, then {ReportFinalized} on quorum.
     */
    function submitReport(uint256 bookingId, uint256 period, uint16 uptimeBps, uint32 p95LatencyMs) external;

    /**
     * @notice Applies a final report once its dispute window has closed, and releases its stake hold.
     * Anyone may call.
     * @dev Emits {ReportApplied} (and {ProviderSlashed} when the threshold is reached).
     */
    function applyReport(uint256 bookingId, uint256 period) external;

    /**
     * @notice Escalates a final report to governance. Only the booking's consumer or provider, inside the window.
     * @dev Emits {ReportDisputed}.
     */
    function disputeReport(uint256 bookingId, uint256 period) external;

    /**
     * @notice Decides a disputed report, applies the decision and releases its stake hold.
     * @dev Only governance. Emits {DisputeResolved} and {ReportApplied}.
     */
    function resolveDispute(uint256 bookingId, uint256 period, bool violated) external;

    /// @notice Sets how many matching reporter submissions make a report final (1..reporters). Only governance.
    function setQuorum(uint16 quorum) external;

    /// @notice Sets how long parties may dispute a final report. Only governance.
    function setDisputeWindow(uint40 window) external;

    /// @notice Sets how much reputation a good period earns and a violation costs, in bps. Only governance.
    function setReputationParams(uint16 gainBps, uint16 lossBps) external;

    /// @notice Sets the strikes that trigger a slash and the share of stake slashed. Only governance.
    function setSlashingParams(uint16 strikeThreshold, uint16 slashBps) external;

    function getReport(uint256 bookingId, uint256 period) external view returns (Report memory);

    /// @notice How many submissions agree with `(uptimeBps, p95LatencyMs)` for a period.
    function votesFor(
        uint256 bookingId,
        uint256 period,
        uint16 uptimeBps,
        uint32 p95LatencyMs
    ) external view returns (uint256);

    function hasSubmitted(uint256 bookingId, uint256 period, address reporter) external view returns (bool);

    /// @notice A provider's record; `reputationBps` is {INITIAL_REPUTATION} before its first applied report.
    function getProviderRecord(address provider) external view returns (ProviderRecord memory);

    function reputationOf(address provider) external view returns (uint16);

    /// @notice Start and end of a booking's period `period` (end is capped at the booking's end).
    function periodBounds(uint256 bookingId, uint256 period) external view returns (uint40 start, uint40 end);

    function quorum() external view returns (uint16);

    function disputeWindow() external view returns (uint40);
}
