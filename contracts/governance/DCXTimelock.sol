// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @title DCXTimelock
 * @notice The timelock that owns D-CloudX's parameters; {DCXGovernor} proposes, anyone executes
 * after the delay. A named contract so deployments and ABIs refer to it directly.
 */
contract DCXTimelock is TimelockController {
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
