// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IResourceMarketplace} from "../marketplace/IResourceMarketplace.sol";
import {IReceiptRegistry} from "./IReceiptRegistry.sol";

/**
 * @title ReceiptRegistry
 * @notice Anchors scheduling-receipt Merkle roots and verifies receipts against them. See {IReceiptRegistry}.
 * @dev A batch takes one new storage slot, its root, whatever its size: the cost per batch is constant,
 * so the cost per receipt falls as batches grow. Its metadata (anchorer, provider, count, timestamps,
 * previous batch, uri) is not stored: it is in the {BatchAnchored} log, which is chain data too and
 * where auditors and the indexer read it; storage would only duplicate it at 20,000 gas a slot.
 * Each anchorer's head (last batch id and last timestamp, one slot updated in place) stays in
 * storage because the chain and ordering checks of {anchorBatch} read it.
 */
contract ReceiptRegistry is IReceiptRegistry {
    /// @dev The head of an anchorer's chain of batches: one slot.
    struct Head {
        uint64 lastBatchId;
        uint32 lastTimestamp;
    }

    IResourceMarketplace public immutable marketplace;

    mapping(uint256 batchId => bytes32 root) private _roots;
    mapping(address anchorer => Head) private _heads;
    mapping(address scheduler => address provider) private _schedulers;
    uint64 private _batchCount;

    constructor(IResourceMarketplace marketplace_) {
        marketplace = marketplace_;
    }

    /// @inheritdoc IReceiptRegistry
    function authorizeScheduler(address scheduler) external {
        if (!marketplace.isProvider(msg.sender)) revert ReceiptRegistryNotProvider(msg.sender);
        address current = _schedulers[scheduler];
        if (current != address(0) || scheduler == address(0)) revert ReceiptRegistrySchedulerTaken(scheduler, current);
        _schedulers[scheduler] = msg.sender;
        emit SchedulerAuthorized(msg.sender, scheduler);
    }

    /// @inheritdoc IReceiptRegistry
    function revokeScheduler(address scheduler) external {
        if (scheduler == address(0) || _schedulers[scheduler] != msg.sender)
            revert ReceiptRegistryNotScheduler(scheduler);
        delete _schedulers[scheduler];
        emit SchedulerRevoked(msg.sender, scheduler);
    }

    /// @inheritdoc IReceiptRegistry
    function anchorBatch(
        bytes32 root,
        uint32 count,
        uint32 firstTimestamp,
        uint32 lastTimestamp,
        uint256 prevBatchId,
        string calldata uri
    ) external returns (uint256 batchId) {
        address provider = _schedulers[msg.sender];
        if (provider == address(0)) revert ReceiptRegistryNotScheduler(msg.sender);
        Head memory head = _heads[msg.sender]; // one SLOAD for both checks that need it
        if (prevBatchId != head.lastBatchId) {
            revert ReceiptRegistryUnexpectedPrevious(msg.sender, head.lastBatchId, prevBatchId);
        }
        if (
            root == bytes32(0) ||
            count == 0 ||
            firstTimestamp > lastTimestamp ||
            lastTimestamp > block.timestamp ||
            firstTimestamp < head.lastTimestamp
        ) revert ReceiptRegistryInvalidBatch();

        uint64 id;
        // Cannot overflow: one batch per transaction cannot reach 2^64 batches.
        unchecked {
            id = _batchCount + 1;
        }
        _batchCount = id;
        _roots[id] = root;
        _heads[msg.sender] = Head({lastBatchId: id, lastTimestamp: lastTimestamp}); // one SSTORE
        emit BatchAnchored(id, msg.sender, provider, root, count, firstTimestamp, lastTimestamp, prevBatchId, uri);
        return id;
    }

    /// @inheritdoc IReceiptRegistry
    function verifyReceipt(uint256 batchId, bytes32 leaf, bytes32[] calldata proof) public view returns (bool) {
        return MerkleProof.verifyCalldata(proof, batchRoot(batchId), leaf);
    }

    /// @inheritdoc IReceiptRegistry
    function verifyReceiptFields(
        uint256 batchId,
        Receipt calldata receipt,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return verifyReceipt(batchId, leafOf(receipt), proof);
    }

    /// @inheritdoc IReceiptRegistry
    function leafOf(Receipt calldata receipt) public pure returns (bytes32) {
        return
            keccak256(
                bytes.concat(
                    keccak256(
                        abi.encode(
                            receipt.bookingId,
                            receipt.decisionId,
                            receipt.kind,
                            receipt.instanceId,
                            receipt.algorithm,
                            receipt.inputsHash,
                            receipt.timestamp
                        )
                    )
                )
            );
    }

    /// @inheritdoc IReceiptRegistry
    function batchRoot(uint256 batchId) public view returns (bytes32) {
        bytes32 root = _roots[batchId];
        // Anchoring rejects a zero root, so zero means no batch.
        if (root == bytes32(0)) revert ReceiptRegistryUnknownBatch(batchId);
        return root;
    }

    /// @inheritdoc IReceiptRegistry
    function lastBatchOf(address anchorer) external view returns (uint256) {
        return _heads[anchorer].lastBatchId;
    }

    /// @inheritdoc IReceiptRegistry
    function providerOf(address scheduler) external view returns (address) {
        return _schedulers[scheduler];
    }

    /// @inheritdoc IReceiptRegistry
    function batchCount() external view returns (uint256) {
        return _batchCount;
    }
}
