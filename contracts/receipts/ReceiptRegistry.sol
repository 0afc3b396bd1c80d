// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IResourceMarketplace} from "../marketplace/IResourceMarketplace.sol";
import {IReceiptRegistry} from "./IReceiptRegistry.sol";

/**
 * @title ReceiptRegistry
 * @notice Anchors scheduling-receipt Merkle roots and verifies receipts against them. See {IReceiptRegistry}.
 * @dev A batch takes two storage slots whatever its size; each anchorer's head takes one more,
 * updated in place, so the cost per receipt falls as batches grow.
 */
contract ReceiptRegistry is IReceiptRegistry {
    /// @dev The head of an anchorer's chain of batches: one slot.
    struct Head {
        uint64 lastBatchId;
        uint32 lastTimestamp;
    }

    IResourceMarketplace public immutable marketplace;

    mapping(uint256 batchId => Batch) private _batches;
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
        if (scheduler == address(0) || _schedulers[scheduler] != msg.sender) revert ReceiptRegistryNotScheduler(scheduler);
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
        Head storage head = _heads[msg.sender];
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
            id = ++_batchCount;
        }
        _batches[id] = Batch({
            root: root,
            anchorer: msg.sender,
            count: count,
            firstTimestamp: firstTimestamp,
            lastTimestamp: lastTimestamp
        });
        head.lastBatchId = id;
        head.lastTimestamp = lastTimestamp;
        emit BatchAnchored(id, msg.sender, provider, root, count, firstTimestamp, lastTimestamp, prevBatchId, uri);
        return id;
    }

    /// @inheritdoc IReceiptRegistry
    function verifyReceipt(uint256 batchId, bytes32 leaf, bytes32[] calldata proof) public view returns (bool) {
        bytes32 root = _batches[batchId].root;
        if (root == bytes32(0)) revert ReceiptRegistryUnknownBatch(batchId);
        return MerkleProof.verifyCalldata(proof, root, leaf);
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
    function getBatch(uint256 batchId) external view returns (Batch memory) {
        Batch memory batch = _batches[batchId];
        if (batch.root == bytes32(0)) revert ReceiptRegistryUnknownBatch(batchId);
        return batch;
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
