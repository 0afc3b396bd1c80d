// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/**
 * @title DCXToken
 * @notice The D-CloudX payment, stake and governance token.
 * @dev Fixed supply, minted once to `initialHolder` at deployment; there is no mint function
 * afterwards. ERC20Permit lets consumers book in one transaction; ERC20Votes gives token holders
 * voting power in {DCXGovernor} (holders must delegate, to themselves or others, to vote).
 */
contract DCXToken is ERC20, ERC20Permit, ERC20Votes {
    /// @notice The total supply, fixed at deployment: 1 billion tokens with 18 decimals.
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000 ether;

    /// @param initialHolder Receives the whole fixed supply.
    constructor(address initialHolder) ERC20("D-CloudX", "DCX") ERC20Permit("D-CloudX") {
        _mint(initialHolder, TOTAL_SUPPLY);
    }

    /// @inheritdoc Nonces
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
