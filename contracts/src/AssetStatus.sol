// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AlgorithmRegistry} from "./AlgorithmRegistry.sol";

/// @title SC2: one write per slot and site: every asset's status row as an event, plus the slot commitment.
/// @notice A row is one packed word, least significant bits first:
///   bits   0..31  asset index (AssetRegistry)
///   bits  32..39  status code
///   bits  40..71  setpoint W (int32, two's complement)
///   bits  72..103 measured W (int32, two's complement)
///   bits 104..135 user energy left Wh (uint32)
///   bits 136..167 user time left s (uint32)
/// Slots are keyed by (site, slot id): slotKey = keccak256(abi.encode(siteId, slotId)), so many sites share
/// these contracts without colliding, and only an account with the site's role (siteOperatorRole, granted by
/// the admin when the site joins) writes its slots. Rows
/// live in events only (cheap); storage keeps one hash per slot key, which makes the slot idempotent and
/// lets anyone check the SlotCommitted event and the rows against it.
contract AssetStatus is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    error SlotAlreadyRecorded(bytes32 siteId, uint64 slotId);
    error UnknownAlgorithmVersion(uint32 version);
    error EmptyBatch();

    /// @dev The first topic is the slot key (not the slot id) so a site's rows filter by one topic at the
    /// same gas as before.
    event StatusRow(bytes32 indexed slotKey, uint32 indexed asset, uint256 row);
    event SlotCommitted(
        bytes32 indexed siteId,
        uint64 indexed slotId,
        uint32 indexed algorithmVersion,
        bytes32 inputHash,
        bytes32 outputHash,
        bytes32 rowsHash,
        uint32 rowCount
    );

    AlgorithmRegistry public immutable algorithms;
    mapping(bytes32 slotKey => bytes32 commitmentHash) private _commitments;

    constructor(address admin, AlgorithmRegistry algorithmRegistry) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        algorithms = algorithmRegistry;
    }

    /// @notice The role that lets an account write one site's records (as in AssetRegistry).
    function siteOperatorRole(bytes32 siteId) public pure returns (bytes32) {
        return keccak256(abi.encode(OPERATOR_ROLE, siteId));
    }

    function slotKey(bytes32 siteId, uint64 slotId) public pure returns (bytes32) {
        return keccak256(abi.encode(siteId, slotId));
    }

    /// @notice What a slot's commitment hash is made of; a reader recomputes it from the SlotCommitted event.
    function commitmentHash(
        bytes32 siteId,
        uint64 slotId,
        uint32 algorithmVersion,
        bytes32 inputHash,
        bytes32 outputHash,
        bytes32 rowsHash,
        uint32 rowCount
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(siteId, slotId, algorithmVersion, inputHash, outputHash, rowsHash, rowCount));
    }

    function recordSlot(
        bytes32 siteId,
        uint64 slotId,
        uint32 algorithmVersion,
        bytes32 inputHash,
        bytes32 outputHash,
        uint256[] calldata rows
    ) external {
        _checkRole(siteOperatorRole(siteId));
        bytes32 key = slotKey(siteId, slotId);
        if (_commitments[key] != bytes32(0)) revert SlotAlreadyRecorded(siteId, slotId);
        if (rows.length == 0) revert EmptyBatch();
        if (!algorithms.isPublished(algorithmVersion)) revert UnknownAlgorithmVersion(algorithmVersion);

        for (uint256 i = 0; i < rows.length; ++i) {
            uint256 row = rows[i];
            emit StatusRow(key, uint32(row), row);
        }
        bytes32 rowsHash = keccak256(abi.encodePacked(rows));
        uint32 rowCount = uint32(rows.length);
        _commitments[key] = commitmentHash(siteId, slotId, algorithmVersion, inputHash, outputHash, rowsHash, rowCount);
        emit SlotCommitted(siteId, slotId, algorithmVersion, inputHash, outputHash, rowsHash, rowCount);
    }

    /// @return The slot's commitment hash, zero when the site has not recorded it.
    function slotCommitment(bytes32 siteId, uint64 slotId) external view returns (bytes32) {
        return _commitments[slotKey(siteId, slotId)];
    }

    function isSlotRecorded(bytes32 siteId, uint64 slotId) external view returns (bool) {
        return _commitments[slotKey(siteId, slotId)] != bytes32(0);
    }
}
