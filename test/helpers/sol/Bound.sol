// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Bound
 * @notice Maps a fuzzed value into `[min, max]` the way forge-std's `bound` does: values already in
 * range are kept (so the fuzzer's edge cases survive), others wrap around by modulo.
 */
abstract contract Bound {
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        // Small values map to the bottom of the range, values near 2^256 to its top, like forge-std.
        if (x <= 3 && size > x) return min + x;
        if (x >= type(uint256).max - 3 && size > type(uint256).max - x) return max - (type(uint256).max - x);
        if (x > max) {
            uint256 rem = (x - max) % size;
            return rem == 0 ? max : min + rem - 1;
        }
        uint256 rem2 = (min - x) % size;
        return rem2 == 0 ? min : max - rem2 + 1;
    }
}
