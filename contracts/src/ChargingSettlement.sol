// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {FlexToken} from "./FlexToken.sol";

/// @title SC3: the bill of each finished session, and the flexibility tokens it earned.
/// @notice bill (milli-cents) = energy Wh x tariff (cents per kWh); tokens = flexibility Wh*h x rate.
/// The tariff and rate are the CPO's (admin role); the edge service (operator role) settles.
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

    error EmptyBatch();
    error ZeroUser(bytes32 sessionId);
    error ZeroSessionId();
    error UnknownSession(bytes32 sessionId);
    error RateTooLarge(uint256 tokensPerWhH);

    event Settled(
        bytes32 indexed sessionId,
        address indexed user,
        uint32 energyWh,
        uint64 billMilliCents,
        uint32 flexibilityWhH,
        uint256 tokens
    );
    /// A resent session is skipped, not reverted, so one duplicate never blocks a batch.
    event AlreadySettled(bytes32 indexed sessionId);
    event TariffChanged(uint32 tariffCentsPerKWh);
    event TokenRateChanged(uint256 tokensPerWhH);

    /// Tariff and token rate share one storage word: a settlement reads both with one SLOAD.
    struct Rates {
        uint32 tariffCentsPerKWh;
        uint224 tokensPerWhH;
    }

    FlexToken public immutable token;
    Rates private _rates;
    mapping(bytes32 sessionId => Bill) private _bills;

    constructor(address admin, address operator, uint32 initialTariffCentsPerKWh, uint256 initialTokensPerWhH) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
        token = new FlexToken();
        if (initialTokensPerWhH > type(uint224).max) revert RateTooLarge(initialTokensPerWhH);
        _rates = Rates(initialTariffCentsPerKWh, uint224(initialTokensPerWhH));
    }

    function tariffCentsPerKWh() external view returns (uint32) {
        return _rates.tariffCentsPerKWh;
    }

    function tokensPerWhH() external view returns (uint256) {
        return _rates.tokensPerWhH;
    }

    function setTariff(uint32 newTariffCentsPerKWh) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _rates.tariffCentsPerKWh = newTariffCentsPerKWh;
        emit TariffChanged(newTariffCentsPerKWh);
    }

    function setTokenRate(uint256 newTokensPerWhH) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newTokensPerWhH > type(uint224).max) revert RateTooLarge(newTokensPerWhH);
        _rates.tokensPerWhH = uint224(newTokensPerWhH);
        emit TokenRateChanged(newTokensPerWhH);
    }

    function settle(SessionSettlement[] calldata sessions) external onlyRole(OPERATOR_ROLE) {
        if (sessions.length == 0) revert EmptyBatch();
        Rates memory rates = _rates;
        uint32 tariff = rates.tariffCentsPerKWh;
        uint256 rate = rates.tokensPerWhH;
        for (uint256 i = 0; i < sessions.length; ++i) {
            SessionSettlement calldata s = sessions[i];
            if (s.sessionId == bytes32(0)) revert ZeroSessionId();
            if (s.user == address(0)) revert ZeroUser(s.sessionId);
            Bill storage bill = _bills[s.sessionId];
            if (bill.user != address(0)) {
                emit AlreadySettled(s.sessionId);
                continue;
            }
            _bills[s.sessionId] = Bill(s.user, s.energyWh, s.flexibilityWhH, tariff);
            uint256 tokens = uint256(s.flexibilityWhH) * rate;
            if (tokens != 0) token.mint(s.user, tokens);
            emit Settled(s.sessionId, s.user, s.energyWh, uint64(s.energyWh) * tariff, s.flexibilityWhH, tokens);
        }
    }

    function isSettled(bytes32 sessionId) external view returns (bool) {
        return _bills[sessionId].user != address(0);
    }

    function billOf(bytes32 sessionId)
        external
        view
        returns (address user, uint32 energyWh, uint64 billMilliCents, uint32 flexibilityWhH, uint32 tariff)
    {
        Bill memory bill = _bills[sessionId];
        if (bill.user == address(0)) revert UnknownSession(sessionId);
        return (bill.user, bill.energyWh, uint64(bill.energyWh) * bill.tariffCentsPerKWh, bill.flexibilityWhH,
            bill.tariffCentsPerKWh);
    }
}
