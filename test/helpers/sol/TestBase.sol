// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CheatCodes} from "./Vm.sol";
import {Assertions} from "./Assertions.sol";
import {Bound} from "./Bound.sol";
import {InvariantTargets} from "./InvariantTargets.sol";

/// @notice What every Solidity test contract here extends: cheatcodes, assertions, `bound` and invariant targets.
abstract contract TestBase is CheatCodes, Assertions, Bound, InvariantTargets {}
