// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title InvariantTargets
 * @notice The invariant-targeting hooks the Foundry-compatible runner (EDR) looks for on a test
 * contract, by name and ABI, without forge-std: before an invariant campaign it calls
 * `targetContracts()`, `targetSelectors()`, `targetSenders()`, `excludeContracts()`,
 * `excludeSenders()`, ... when they exist. Declaring a target here restricts the campaign to it;
 * otherwise every contract deployed in `setUp()` would be called at random.
 */
abstract contract InvariantTargets {
    /// @dev Same layout as forge-std's `StdInvariant.FuzzSelector`, which the runner ABI-decodes.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    address[] private _excludedContracts;
    address[] private _excludedSenders;
    FuzzSelector[] private _targetedSelectors;

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function excludeContract(address target) internal {
        _excludedContracts.push(target);
    }

    function excludeSender(address sender) internal {
        _excludedSenders.push(sender);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetedSelectors.push(selector);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    function excludeContracts() public view returns (address[] memory) {
        return _excludedContracts;
    }

    function excludeSenders() public view returns (address[] memory) {
        return _excludedSenders;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }
}
