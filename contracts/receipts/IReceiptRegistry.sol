// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IReceiptRegistry
 * @notice Merkle roots of scheduling receipts, anchored in batches by schedulers (provider node keys)
 * that a registered provider authorized. Each anchorer's batches form a chain like blocks:
 * every batch names the anchorer's previous batch. Anyone can check that a receipt is in a batch.
 *
 * A receipt is one routing, placement or scaling decision. Its leaf is built the way the
 * OpenZeppelin merkle-tree package's StandardMerkleTree builds one:
 * `keccak256(bytes.concat(keccak256(abi.encode(bookingId, decisionId, kind, instanceId, algorithm, inputsHash, timestamp))))`
 * with types `(uint256, bytes32, uint8, bytes32, bytes32, bytes32, uint64)`.
 */
interface IReceiptRegistry {
    enum DecisionKind {
        Route,
        Place,
        Scale
    }

    struct Receipt {
        uint256 bookingId;
        bytes32 decisionId;
        DecisionKind kind;
        bytes32 instanceId;
        bytes32 algorithm; // short UTF-8 name, right-padded with zeros
        bytes32 inputsHash;
        uint64 timestamp;
    }

    error ReceiptRegistryNotProvider(address account);
    error ReceiptRegistryNotScheduler(address account);
    error ReceiptRegistrySchedulerTaken(address scheduler, address provider);
    error ReceiptRegistryUnexpectedPrevious(address anchorer, uint256 expected, uint256 given);
    error ReceiptRegistryInvalidBatch();
    error ReceiptRegistryUnknownBatch(uint256 batchId);

    /// @notice `provider` authorized `scheduler` to anchor batches for it.
    event SchedulerAuthorized(address indexed provider, address indexed scheduler);
    /// @notice `provider` revoked `scheduler`.
    event SchedulerRevoked(address indexed provider, address indexed scheduler);
    /**
     * @notice A batch of `count` receipts with Merkle root `root` was anchored, following `prevBatchId`.
     * @dev The only record of a batch's metadata: storage keeps its root alone ({batchRoot}). Read the
     * rest from this log (e.g. `eth_getLogs` filtered on the indexed `batchId`), as auditors and the
     * indexer do.
     */
    event BatchAnchored(
        uint256 indexed batchId,
        address indexed anchorer,
        address indexed provider,
        bytes32 root,
        uint32 count,
        uint32 firstTimestamp,
        uint32 lastTimestamp,
        uint256 prevBatchId,
        string uri
    );

    /**
     * @notice Lets `scheduler` anchor batches on behalf of the caller, a registered provider.
     * @dev Emits {SchedulerAuthorized}.
     */
    function authorizeScheduler(address scheduler) external;

    /// @notice Withdraws a scheduler's authorization. Only the provider that gave it. Emits {SchedulerRevoked}.
    function revokeScheduler(address scheduler) external;

    /**
     * @notice Anchors a batch of receipts. Cost does not depend on the batch size.
     * @dev Only an authorized scheduler. `prevBatchId` must be the caller's last batch (0 for its first);
     * `root != 0`, `count > 0`, `firstTimestamp <= lastTimestamp <= now`, and `firstTimestamp` is not
     * before the previous batch's `lastTimestamp`. Emits {BatchAnchored}.
     *
     * Storage keeps the root alone (one new slot per batch, so the cost per batch is constant and as
     * low as a verifiable root allows) and the anchorer's head, which the checks above need. The rest
     * of the batch (anchorer, provider, count, timestamps, previous batch, uri) is in the
     * {BatchAnchored} log: chain data too, readable by anyone with `eth_getLogs`, and where auditors
     * and the indexer read it.
     * @return batchId The new batch's id (ids start at 1).
     */
    function anchorBatch(
        bytes32 root,
        uint32 count,
        uint32 firstTimestamp,
        uint32 lastTimestamp,
        uint256 prevBatchId,
        string calldata uri
    ) external returns (uint256 batchId);

    /**
     * @notice Whether `leaf` is in batch `batchId`, given its StandardMerkleTree proof.
     * @dev WARNING: this proves that `leaf` is a node of the tree, not that it is a receipt: an inner
     * node verifies too, with the rest of a member's proof (as with `MerkleProof.verify`). Compute the
     * leaf from the receipt ({leafOf}, or the sdk) or call {verifyReceiptFields} instead of trusting a
     * leaf handed over by someone else.
     */
    function verifyReceipt(uint256 batchId, bytes32 leaf, bytes32[] calldata proof) external view returns (bool);

    /// @notice {verifyReceipt} from the receipt's fields; the leaf is computed on-chain.
    function verifyReceiptFields(
        uint256 batchId,
        Receipt calldata receipt,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice The StandardMerkleTree leaf of `receipt`.
    function leafOf(Receipt calldata receipt) external pure returns (bytes32);

    /**
     * @notice The Merkle root of batch `batchId`. Reverts with {ReceiptRegistryUnknownBatch} if no such
     * batch was anchored. Its other fields are in its {BatchAnchored} log.
     */
    function batchRoot(uint256 batchId) external view returns (bytes32);

    /// @notice The last batch `anchorer` anchored (0 if none).
    function lastBatchOf(address anchorer) external view returns (uint256);

    /// @notice The provider a scheduler anchors for (zero if not authorized).
    function providerOf(address scheduler) external view returns (address);

    /// @notice How many batches were anchored, by every anchorer; the last batch's id.
    function batchCount() external view returns (uint256);
}
