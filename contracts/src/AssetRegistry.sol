// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title SC1: the CPO's sites and each site's assets (charge points, PV inverters, batteries, meters).
/// @notice One set of contracts serves many sites. The CPO (admin) registers each site (a bytes32 id, by
/// convention keccak256 of the site map's id) with the one operator account that may write for it, and grants
/// that account the site's own operator role, siteOperatorRole(siteId) = keccak256(abi.encode(OPERATOR_ROLE,
/// siteId)), here, in AssetStatus and in ChargingSettlement: one role check per write both authorises the
/// account and confines it to its site. Asset ids are keyed by (site, id), so two sites may both
/// call a connector "CP-1:1". Every asset gets a global 1-based index at its first registration; status rows
/// (AssetStatus) name assets by that index to stay small. Registration is an upsert, safe to re-run. An asset
/// removed from the site is retired (kept, with its index and history, marked retired); upserting it again
/// brings it back. assetsOf(siteId) lists a site's indices so an edge can find what its site map no longer has.
contract AssetRegistry is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    enum AssetKind {
        None,
        ChargePoint,
        PvInverter,
        Battery,
        Meter
    }

    /// @notice What a meter measures (the site map's attachment).
    enum MeterScope {
        None,
        GridConnection,
        Circuit,
        OtherLoad
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

    /// @param measures What it measures; target names the circuit or load ("" for the grid connection).
    /// @param phases The lines it sees as a bit mask: L1 = 1, L2 = 2, L3 = 4 (7: all three).
    /// @param limitW The limit of what it measures (grid connection, circuit) or the load's rated worst case, W.
    struct Meter {
        string meterId;
        MeterScope measures;
        string target;
        uint8 phases;
        uint32 limitW;
        string group;
    }

    error ZeroSiteId();
    error ZeroOperator();
    error EmptyAssetId();
    error AssetKindMismatch(string assetId, AssetKind registeredAs);
    error UnknownAsset(bytes32 siteId, string assetId);

    event SiteRegistered(bytes32 indexed siteId, address indexed operator, string name);
    event AssetRegistered(bytes32 indexed siteId, uint32 indexed index, AssetKind kind, string assetId);
    event AssetUpdated(bytes32 indexed siteId, uint32 indexed index, AssetKind kind, string assetId);
    event AssetRetired(bytes32 indexed siteId, uint32 indexed index, AssetKind kind, string assetId);

    /// @notice The account registered for a site (zero: not registered); it holds siteOperatorRole(siteId).
    mapping(bytes32 siteId => address operator) public operatorOf;
    uint32 public assetCount;
    mapping(bytes32 assetKey => uint32 index) private _indexOf;
    mapping(uint32 index => AssetKind) public kindOf;
    /// @notice Which site an asset index belongs to (a reader checks a status row's asset against its slot's site).
    mapping(uint32 index => bytes32 siteId) public siteOf;
    mapping(uint32 index => ChargePoint) private _chargePoints;
    mapping(uint32 index => PvInverter) private _pvInverters;
    mapping(uint32 index => Battery) private _batteries;
    mapping(uint32 index => Meter) private _meters;
    /// @notice True while an asset is retired (removed from its site's map); its index and rows stay readable.
    mapping(uint32 index => bool) public retiredOf;
    mapping(bytes32 siteId => uint32[] indices) private _siteAssets;

    /// @param admin The CPO's account: registers sites and grants roles. It is not an operator.
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Registers a site and grants its operator account the site's role here; moving a site to a new
    /// account (a replaced or stolen box's key) revokes the old account's role.
    function registerSite(bytes32 siteId, address operator, string calldata name)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (siteId == bytes32(0)) revert ZeroSiteId();
        if (operator == address(0)) revert ZeroOperator();
        bytes32 role = siteOperatorRole(siteId);
        address previous = operatorOf[siteId];
        if (previous != address(0) && previous != operator) _revokeRole(role, previous);
        operatorOf[siteId] = operator;
        _grantRole(role, operator);
        emit SiteRegistered(siteId, operator, name);
    }

    /// @notice The role that lets an account write one site's records (the same in every OliMove contract).
    function siteOperatorRole(bytes32 siteId) public pure returns (bytes32) {
        return keccak256(abi.encode(OPERATOR_ROLE, siteId));
    }

    /// @notice The key under which an asset id is stored: keccak256(abi.encode(siteId, keccak256(assetId))).
    function assetKey(bytes32 siteId, string calldata assetId) public pure returns (bytes32) {
        return keccak256(abi.encode(siteId, keccak256(bytes(assetId))));
    }

    function upsertChargePoint(bytes32 siteId, ChargePoint calldata cp) external returns (uint32 index) {
        index = _claim(siteId, cp.cpId, AssetKind.ChargePoint);
        _chargePoints[index] = cp;
    }

    function upsertPvInverter(bytes32 siteId, PvInverter calldata pv) external returns (uint32 index) {
        index = _claim(siteId, pv.inverterId, AssetKind.PvInverter);
        _pvInverters[index] = pv;
    }

    function upsertBattery(bytes32 siteId, Battery calldata b) external returns (uint32 index) {
        index = _claim(siteId, b.batteryId, AssetKind.Battery);
        _batteries[index] = b;
    }

    function upsertMeter(bytes32 siteId, Meter calldata m) external returns (uint32 index) {
        index = _claim(siteId, m.meterId, AssetKind.Meter);
        _meters[index] = m;
    }

    /// @notice Marks an asset the site no longer has; a later upsert of the same id brings it back (same index).
    function retireAsset(bytes32 siteId, string calldata assetId) external returns (uint32 index) {
        _checkRole(siteOperatorRole(siteId));
        index = _indexOf[assetKey(siteId, assetId)];
        if (index == 0) revert UnknownAsset(siteId, assetId);
        if (!retiredOf[index]) {
            retiredOf[index] = true;
            emit AssetRetired(siteId, index, kindOf[index], assetId);
        }
    }

    /// @notice Every index ever registered for the site (retired ones included), in registration order.
    function assetsOf(bytes32 siteId) external view returns (uint32[] memory) {
        return _siteAssets[siteId];
    }

    /// @notice The id an index was registered under (empty for an unused index).
    function assetIdOf(uint32 index) external view returns (string memory) {
        AssetKind kind = kindOf[index];
        if (kind == AssetKind.ChargePoint) return _chargePoints[index].cpId;
        if (kind == AssetKind.PvInverter) return _pvInverters[index].inverterId;
        if (kind == AssetKind.Battery) return _batteries[index].batteryId;
        if (kind == AssetKind.Meter) return _meters[index].meterId;
        return "";
    }

    /// @return index 0 when the id is not registered for this site.
    function indexOf(bytes32 siteId, string calldata assetId) external view returns (uint32 index) {
        return _indexOf[assetKey(siteId, assetId)];
    }

    function chargePoint(bytes32 siteId, string calldata cpId) external view returns (ChargePoint memory) {
        return _chargePoints[_require(siteId, cpId, AssetKind.ChargePoint)];
    }

    function pvInverter(bytes32 siteId, string calldata inverterId) external view returns (PvInverter memory) {
        return _pvInverters[_require(siteId, inverterId, AssetKind.PvInverter)];
    }

    function battery(bytes32 siteId, string calldata batteryId) external view returns (Battery memory) {
        return _batteries[_require(siteId, batteryId, AssetKind.Battery)];
    }

    function meter(bytes32 siteId, string calldata meterId) external view returns (Meter memory) {
        return _meters[_require(siteId, meterId, AssetKind.Meter)];
    }

    function _claim(bytes32 siteId, string calldata assetId, AssetKind kind) private returns (uint32 index) {
        _checkRole(siteOperatorRole(siteId));
        if (bytes(assetId).length == 0) revert EmptyAssetId();
        bytes32 key = assetKey(siteId, assetId);
        index = _indexOf[key];
        if (index == 0) {
            index = ++assetCount;
            _indexOf[key] = index;
            kindOf[index] = kind;
            siteOf[index] = siteId;
            _siteAssets[siteId].push(index);
            emit AssetRegistered(siteId, index, kind, assetId);
        } else {
            // One id names one asset: a CP id cannot silently turn into a battery.
            if (kindOf[index] != kind) revert AssetKindMismatch(assetId, kindOf[index]);
            if (retiredOf[index]) retiredOf[index] = false;
            emit AssetUpdated(siteId, index, kind, assetId);
        }
    }

    function _require(bytes32 siteId, string calldata assetId, AssetKind kind) private view returns (uint32 index) {
        index = _indexOf[assetKey(siteId, assetId)];
        if (index == 0) revert UnknownAsset(siteId, assetId);
        if (kindOf[index] != kind) revert AssetKindMismatch(assetId, kindOf[index]);
    }
}
