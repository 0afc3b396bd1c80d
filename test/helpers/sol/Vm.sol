// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Vm
 * @notice The few Foundry-compatible cheatcodes our Solidity tests use. Hardhat 3's Solidity test
 * runner (EDR) serves them at the standard cheatcode address; there is no forge-std in this repo,
 * so this declares only what we need, with the signatures forge-std uses.
 */
interface Vm {
    function warp(uint256 newTimestamp) external;
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function assume(bool condition) external pure;
    function label(address account, string calldata newLabel) external;
    function addr(uint256 privateKey) external pure returns (address keyAddr);
    function toString(uint256 value) external pure returns (string memory stringifiedValue);
}

/// @dev keccak256("hevm cheat code") truncated to 20 bytes.
address constant VM_ADDRESS = 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D;

/// @notice Base for any contract (tests and handlers) that uses cheatcodes.
abstract contract CheatCodes {
    Vm internal constant vm = Vm(VM_ADDRESS);
}
