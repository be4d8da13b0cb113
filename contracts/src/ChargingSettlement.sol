// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {FlexToken} from "./FlexToken.sol";

/// @title SC3: the bill of each finished session, and the flexibility tokens it earned.
/// @notice bill (milli-cents) = energy Wh x tariff (cents per kWh); tokens = flexibility Wh*h x rate, both
/// computed here from the CPO's values (admin role). A site's operator (siteOperatorRole, granted by the admin
/// when the site joins) settles its own sessions only; sessions are keyed by (site, session id). Minting is bounded per session by the contract:
/// energy <= maxEnergyWhPerSession and flexibility <= energy x laxity cap, so tokens <= maxEnergy x cap x
/// rate whatever a site's key sends.
contract ChargingSettlement is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    struct SessionSettlement {
        bytes32 sessionId;
        address user;
        uint32 energyWh;
        uint32 flexibilityWhH;
    }

    /// One storage word per session: the tariff in force is kept so the bill stays exact if it changes.
    struct Bill {
        address user;
        uint32 energyWh;
        uint32 flexibilityWhH;
        uint32 tariffCentsPerKWh;
    }

    /// The CPO's values share one storage word: a settlement reads them all with one SLOAD.
    struct Rates {
        uint32 tariffCentsPerKWh;
        uint96 tokensPerWhH;
        uint16 laxityCapMinutes;
        uint32 maxEnergyWhPerSession;
    }

    error EmptyBatch();
    error ZeroUser(bytes32 sessionId);
    error ZeroSessionId();
    error UnknownSession(bytes32 siteId, bytes32 sessionId);
    error RateTooLarge(uint256 tokensPerWhH);
    error SettlementOutOfBounds(bytes32 sessionId, uint32 energyWh, uint32 flexibilityWhH);

    event Settled(
        bytes32 indexed siteId,
        bytes32 indexed sessionId,
        address indexed user,
        uint32 energyWh,
        uint64 billMilliCents,
        uint32 flexibilityWhH,
        uint256 tokens
    );
    /// A resent session is skipped, not reverted, so one duplicate never blocks a batch.
    event AlreadySettled(bytes32 indexed siteId, bytes32 indexed sessionId);
    event TariffChanged(uint32 tariffCentsPerKWh);
    event TokenRateChanged(uint256 tokensPerWhH);
    event BoundsChanged(uint16 laxityCapMinutes, uint32 maxEnergyWhPerSession);

    FlexToken public immutable token;
    Rates private _rates;
    mapping(bytes32 settlementKey => Bill) private _bills;

    constructor(
        address admin,
        uint32 initialTariffCentsPerKWh,
        uint256 initialTokensPerWhH,
        uint16 laxityCapMinutes,
        uint32 maxEnergyWhPerSession
    ) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        token = new FlexToken();
        if (initialTokensPerWhH > type(uint96).max) revert RateTooLarge(initialTokensPerWhH);
        _rates = Rates(initialTariffCentsPerKWh, uint96(initialTokensPerWhH), laxityCapMinutes, maxEnergyWhPerSession);
    }

    function tariffCentsPerKWh() external view returns (uint32) {
        return _rates.tariffCentsPerKWh;
    }

    function tokensPerWhH() external view returns (uint256) {
        return _rates.tokensPerWhH;
    }

    /// @notice Everything a site needs to bill exactly as this contract will, in one call.
    function rates()
        external
        view
        returns (uint32 tariff, uint256 tokenRate, uint16 laxityCapMinutes, uint32 maxEnergyWhPerSession)
    {
        Rates memory r = _rates;
        return (r.tariffCentsPerKWh, r.tokensPerWhH, r.laxityCapMinutes, r.maxEnergyWhPerSession);
    }

    /// @notice The role that lets an account settle one site's sessions (as in AssetRegistry).
    function siteOperatorRole(bytes32 siteId) public pure returns (bytes32) {
        return keccak256(abi.encode(OPERATOR_ROLE, siteId));
    }

    function settlementKey(bytes32 siteId, bytes32 sessionId) public pure returns (bytes32) {
        return keccak256(abi.encode(siteId, sessionId));
    }

    function setTariff(uint32 newTariffCentsPerKWh) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _rates.tariffCentsPerKWh = newTariffCentsPerKWh;
        emit TariffChanged(newTariffCentsPerKWh);
    }

    function setTokenRate(uint256 newTokensPerWhH) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTokensPerWhH > type(uint96).max) revert RateTooLarge(newTokensPerWhH);
        _rates.tokensPerWhH = uint96(newTokensPerWhH);
        emit TokenRateChanged(newTokensPerWhH);
    }

    function setBounds(uint16 laxityCapMinutes, uint32 maxEnergyWhPerSession) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _rates.laxityCapMinutes = laxityCapMinutes;
        _rates.maxEnergyWhPerSession = maxEnergyWhPerSession;
        emit BoundsChanged(laxityCapMinutes, maxEnergyWhPerSession);
    }

    function settle(bytes32 siteId, SessionSettlement[] calldata sessions) external {
        _checkRole(siteOperatorRole(siteId));
        if (sessions.length == 0) revert EmptyBatch();
        Rates memory r = _rates;
        for (uint256 i = 0; i < sessions.length; ++i) {
            SessionSettlement calldata s = sessions[i];
            if (s.sessionId == bytes32(0)) revert ZeroSessionId();
            if (s.user == address(0)) revert ZeroUser(s.sessionId);
            // flexibility = kWh x laxity h <= Wh x cap h: a stolen key cannot mint more than the CPO allows.
            if (s.energyWh > r.maxEnergyWhPerSession
                    || uint256(s.flexibilityWhH) * 60 > uint256(s.energyWh) * r.laxityCapMinutes) {
                revert SettlementOutOfBounds(s.sessionId, s.energyWh, s.flexibilityWhH);
            }
            bytes32 key = settlementKey(siteId, s.sessionId);
            if (_bills[key].user != address(0)) {
                emit AlreadySettled(siteId, s.sessionId);
                continue;
            }
            _bills[key] = Bill(s.user, s.energyWh, s.flexibilityWhH, r.tariffCentsPerKWh);
            uint256 tokens = uint256(s.flexibilityWhH) * r.tokensPerWhH;
            if (tokens != 0) token.mint(s.user, tokens);
            emit Settled(
                siteId, s.sessionId, s.user, s.energyWh, uint64(s.energyWh) * r.tariffCentsPerKWh, s.flexibilityWhH, tokens
            );
        }
    }

    function isSettled(bytes32 siteId, bytes32 sessionId) external view returns (bool) {
        return _bills[settlementKey(siteId, sessionId)].user != address(0);
    }

    function billOf(bytes32 siteId, bytes32 sessionId)
        external
        view
        returns (address user, uint32 energyWh, uint64 billMilliCents, uint32 flexibilityWhH, uint32 tariff)
    {
        Bill memory bill = _bills[settlementKey(siteId, sessionId)];
        if (bill.user == address(0)) revert UnknownSession(siteId, sessionId);
        return (bill.user, bill.energyWh, uint64(bill.energyWh) * bill.tariffCentsPerKWh, bill.flexibilityWhH,
            bill.tariffCentsPerKWh);
    }
}
