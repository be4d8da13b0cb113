// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AlgorithmRegistry} from "./AlgorithmRegistry.sol";

/// @title SC2: one write per slot: every asset's status row as an event, plus the slot commitment.
/// @notice A row is one packed word, least significant bits first:
///   bits   0..31  asset index (AssetRegistry)
///   bits  32..39  status code
///   bits  40..71  setpoint W (int32, two's complement)
///   bits  72..103 measured W (int32, two's complement)
///   bits 104..135 user energy left Wh (uint32)
///   bits 136..167 user time left s (uint32)
/// Rows live in events only (cheap); storage keeps one hash per slot, which makes the slot idempotent
/// and lets anyone check the SlotCommitted event and the rows against it.
contract AssetStatus is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    error SlotAlreadyRecorded(uint64 slotId);
    error UnknownAlgorithmVersion(uint32 version);
    error EmptyBatch();

    event StatusRow(uint64 indexed slotId, uint32 indexed asset, uint256 row);
    event SlotCommitted(
        uint64 indexed slotId,
        uint32 indexed algorithmVersion,
        bytes32 inputHash,
        bytes32 outputHash,
        bytes32 rowsHash,
        uint32 rowCount
    );

    AlgorithmRegistry public immutable algorithms;
    mapping(uint64 slotId => bytes32 commitmentHash) public slotCommitment;

    constructor(address admin, address operator, AlgorithmRegistry algorithmRegistry) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
        algorithms = algorithmRegistry;
    }

    function recordSlot(
        uint64 slotId,
        uint32 algorithmVersion,
        bytes32 inputHash,
        bytes32 outputHash,
        uint256[] calldata rows
    ) external onlyRole(OPERATOR_ROLE) {
        if (slotCommitment[slotId] != bytes32(0)) revert SlotAlreadyRecorded(slotId);
        if (rows.length == 0) revert EmptyBatch();
        if (!algorithms.isPublished(algorithmVersion)) revert UnknownAlgorithmVersion(algorithmVersion);

        for (uint256 i = 0; i < rows.length; ++i) {
            uint256 row = rows[i];
            emit StatusRow(slotId, uint32(row), row);
        }
        bytes32 rowsHash = keccak256(abi.encodePacked(rows));
        uint32 rowCount = uint32(rows.length);
        slotCommitment[slotId] =
            keccak256(abi.encode(slotId, algorithmVersion, inputHash, outputHash, rowsHash, rowCount));
        emit SlotCommitted(slotId, algorithmVersion, inputHash, outputHash, rowsHash, rowCount);
    }

    function isSlotRecorded(uint64 slotId) external view returns (bool) {
        return slotCommitment[slotId] != bytes32(0);
    }
}
