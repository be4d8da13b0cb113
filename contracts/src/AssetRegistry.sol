// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title SC1: the site's assets (charge points, PV inverters, batteries).
/// @notice Every asset gets a 1-based index at its first registration; status rows (AssetStatus) name
/// assets by that index to stay small. Registration is an upsert, so re-running it on start is safe.
contract AssetRegistry is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    enum AssetKind {
        None,
        ChargePoint,
        PvInverter,
        Battery
    }

    struct ChargePoint {
        string cpId;
        string evseId;
        uint32 powerValueW;
        uint64 energyWh;
        string powerInfo;
        string connectionType;
        uint8 status;
        string cpGroup;
        uint32 userEnergyLeftWh;
        uint32 userTimeLeftS;
    }

    struct PvInverter {
        string inverterId;
        uint32 peakPowerW;
        string group;
    }

    struct Battery {
        string batteryId;
        uint64 capacityWh;
        uint64 energyAvailableWh;
        uint32 maxPowerW;
        string group;
    }

    error EmptyAssetId();
    error AssetKindMismatch(string assetId, AssetKind registeredAs);
    error UnknownAsset(string assetId);

    event AssetRegistered(uint32 indexed index, AssetKind kind, string assetId);
    event AssetUpdated(uint32 indexed index, AssetKind kind, string assetId);

    uint32 public assetCount;
    mapping(bytes32 idHash => uint32 index) private _indexOf;
    mapping(uint32 index => AssetKind) public kindOf;
    mapping(uint32 index => ChargePoint) private _chargePoints;
    mapping(uint32 index => PvInverter) private _pvInverters;
    mapping(uint32 index => Battery) private _batteries;

    constructor(address admin, address operator) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    function upsertChargePoint(ChargePoint calldata cp) external onlyRole(OPERATOR_ROLE) returns (uint32 index) {
        index = _claim(cp.cpId, AssetKind.ChargePoint);
        _chargePoints[index] = cp;
    }

    function upsertPvInverter(PvInverter calldata pv) external onlyRole(OPERATOR_ROLE) returns (uint32 index) {
        index = _claim(pv.inverterId, AssetKind.PvInverter);
        _pvInverters[index] = pv;
    }

    function upsertBattery(Battery calldata b) external onlyRole(OPERATOR_ROLE) returns (uint32 index) {
        index = _claim(b.batteryId, AssetKind.Battery);
        _batteries[index] = b;
    }

    /// @return index 0 when the id is not registered.
    function indexOf(string calldata assetId) external view returns (uint32 index) {
        return _indexOf[keccak256(bytes(assetId))];
    }

    function chargePoint(string calldata cpId) external view returns (ChargePoint memory) {
        return _chargePoints[_require(cpId, AssetKind.ChargePoint)];
    }

    function pvInverter(string calldata inverterId) external view returns (PvInverter memory) {
        return _pvInverters[_require(inverterId, AssetKind.PvInverter)];
    }

    function battery(string calldata batteryId) external view returns (Battery memory) {
        return _batteries[_require(batteryId, AssetKind.Battery)];
    }

    function _claim(string calldata assetId, AssetKind kind) private returns (uint32 index) {
        if (bytes(assetId).length == 0) revert EmptyAssetId();
        bytes32 idHash = keccak256(bytes(assetId));
        index = _indexOf[idHash];
        if (index == 0) {
            index = ++assetCount;
            _indexOf[idHash] = index;
            kindOf[index] = kind;
            emit AssetRegistered(index, kind, assetId);
        } else {
            // One id names one asset: a CP id cannot silently turn into a battery.
            if (kindOf[index] != kind) revert AssetKindMismatch(assetId, kindOf[index]);
            emit AssetUpdated(index, kind, assetId);
        }
    }

    function _require(string calldata assetId, AssetKind kind) private view returns (uint32 index) {
        index = _indexOf[keccak256(bytes(assetId))];
        if (index == 0) revert UnknownAsset(assetId);
        if (kindOf[index] != kind) revert AssetKindMismatch(assetId, kindOf[index]);
    }
}
