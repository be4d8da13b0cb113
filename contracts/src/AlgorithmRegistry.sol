// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Published versions of the allocator, so that each slot commitment names code anyone can replay.
contract AlgorithmRegistry is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    struct AlgorithmVersion {
        bytes32 codeHash;
        bytes32 parametersHash;
        uint64 publishedAt;
        string description;
    }

    error InvalidVersion();
    error VersionAlreadyPublished(uint32 version);

    event AlgorithmPublished(uint32 indexed version, bytes32 codeHash, bytes32 parametersHash, string description);

    mapping(uint32 version => AlgorithmVersion) private _versions;

    constructor(address admin, address operator) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    /// @notice A version, once published, never changes: a commitment that names it stays verifiable.
    function publish(uint32 version, bytes32 codeHash, bytes32 parametersHash, string calldata description)
        external
        onlyRole(OPERATOR_ROLE)
    {
        if (version == 0 || codeHash == bytes32(0)) revert InvalidVersion();
        if (_versions[version].publishedAt != 0) revert VersionAlreadyPublished(version);
        _versions[version] = AlgorithmVersion(codeHash, parametersHash, uint64(block.timestamp), description);
        emit AlgorithmPublished(version, codeHash, parametersHash, description);
    }

    function isPublished(uint32 version) external view returns (bool) {
        return _versions[version].publishedAt != 0;
    }

    function versionOf(uint32 version) external view returns (AlgorithmVersion memory) {
        return _versions[version];
    }
}
