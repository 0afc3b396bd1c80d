// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/**
 * @title ReentrantToken
 * @notice TEST ONLY. A malicious ERC20: once armed, the next transfer (including one made by
 * `transferFrom`) calls `target` with `data` after moving the balance, bubbling any revert, so a
 * test can check that the contract paying or pulling tokens is protected against reentrancy.
 * @dev The token can also act on its own behalf through {execute} (approve, book, register...), so
 * the reentrant call can come from the booking's consumer or provider and pass role checks.
 */
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _data;
    bool private _armed;

    /// @notice The hook ran `target` successfully.
    event Reentered(address indexed target, bytes data);

    constructor() ERC20("Reentrant", "RNT") {}

    /// @notice Mints `amount` to `to`; anyone may call.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms a one-shot hook that calls `target` with `data` during the next transfer.
    function arm(address target, bytes calldata data) external {
        _target = target;
        _data = data;
        _armed = true;
    }

    /// @notice Whether the hook is still waiting for a transfer.
    function armed() external view returns (bool) {
        return _armed;
    }

    /// @notice Calls `target` with `data` as this contract (the token acting as a consumer or provider).
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        return Address.functionCall(target, data);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (_armed && from != address(0)) {
            _armed = false; // disarm first, so the reentrant call does not trigger itself
            address target = _target;
            bytes memory data = _data;
            Address.functionCall(target, data);
            emit Reentered(target, data);
        }
    }
}
