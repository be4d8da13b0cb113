// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Published versions of the allocator, so that each slot commitment names code anyone can replay.
/// @notice A version number stands for exactly one (codeHash, parametersHash) pair and a pair for exactly one
/// number: a site whose build is new publishes the next number, a site running a build already published finds
/// its number with versionFor, and nobody can make a number mean other code later.
contract AlgorithmRegistry is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    struct AlgorithmVersion {
        bytes32 codeHash;
        bytes32 parametersHash;
        uint64 publishedAt;
        string description;
    }

    error InvalidVersion();
    /// @notice The number is taken by another (codeHash, parametersHash) pair.
    error VersionAlreadyPublished(uint32 version);
    /// @notice The pair is published, under another number than the one proposed.
    error AlgorithmPublishedAs(uint32 version);

    event AlgorithmPublished(uint32 indexed version, bytes32 codeHash, bytes32 parametersHash, string description);

    mapping(uint32 version => AlgorithmVersion) private _versions;
    mapping(bytes32 identity => uint32 version) private _versionOfPair;

    /// @notice The highest number published so far (0 before the first): a new build proposes latestVersion + 1.
    uint32 public latestVersion;

    constructor(address admin, address operator) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    /// @notice Publishes a pair under a number, once. The same pair under the same number again returns that
    /// number and changes nothing (a resent transaction); the pair under another number, or another pair under
    /// a taken number, reverts: a commitment naming a number must always mean the code first published for it.
    function publish(uint32 version, bytes32 codeHash, bytes32 parametersHash, string calldata description)
        external
        onlyRole(OPERATOR_ROLE)
        returns (uint32)
    {
        if (version == 0 || codeHash == bytes32(0)) revert InvalidVersion();
        bytes32 identity = keccak256(abi.encode(codeHash, parametersHash));
        uint32 known = _versionOfPair[identity];
        if (known == version) return version;
        if (known != 0) revert AlgorithmPublishedAs(known);
        if (_versions[version].publishedAt != 0) revert VersionAlreadyPublished(version);
        _versions[version] = AlgorithmVersion(codeHash, parametersHash, uint64(block.timestamp), description);
        _versionOfPair[identity] = version;
        if (version > latestVersion) latestVersion = version;
        emit AlgorithmPublished(version, codeHash, parametersHash, description);
        return version;
    }

    function isPublished(uint32 version) external view returns (bool) {
        return _versions[version].publishedAt != 0;
    }

    function versionOf(uint32 version) external view returns (AlgorithmVersion memory) {
        return _versions[version];
    }

    /// @notice The number a (codeHash, parametersHash) pair was published under, 0 if never.
    function versionFor(bytes32 codeHash, bytes32 parametersHash) external view returns (uint32) {
        return _versionOfPair[keccak256(abi.encode(codeHash, parametersHash))];
    }
}
