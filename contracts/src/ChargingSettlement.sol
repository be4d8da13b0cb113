// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {FlexToken} from "./FlexToken.sol";

/// @title SC3: the bill of each finished session, and the flexibility tokens it earned.
/// @notice bill (milli-cents) = energy Wh x tariff (cents per kWh); tokens = flexibility Wh*h x rate, both
/// computed here from the CPO's values (admin role). A site's operator (siteOperatorRole, granted by the admin
/// when the site joins) settles its own sessions only. A session is (site id, transaction number): the contract
/// keeps one bit per session in a per-site bitmap (255 sessions per storage word) and the session's details only
/// in its Settled event (decision 0340). Minting is bounded per session by the contract:
/// energy <= maxEnergyWhPerSession and flexibility <= energy x laxity cap, so tokens <= maxEnergy x cap x
/// rate whatever a site's key sends.
contract ChargingSettlement is AccessControl {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// Sessions per bitmap word: bits 0..254 are sessions, bit 255 marks the word as allocated, so a word that
    /// was allocated is never zero and setting a session's bit is a warm non-zero rewrite (~5,000 gas) instead
    /// of a fresh word (~22,100).
    uint256 public constant SESSIONS_PER_WORD = 255;
    uint256 private constant ALLOCATED = uint256(1) << 255;
    /// At most this many words per allocate call (~22,100 gas each), so one call always fits a block.
    uint256 public constant MAX_WORDS_PER_ALLOCATION = 64;

    struct SessionSettlement {
        uint64 sessionNumber;
        address user;
        uint32 energyWh;
        uint32 flexibilityWhH;
    }

    /// The CPO's values share one storage word: a settlement reads them all with one SLOAD.
    struct Rates {
        uint32 tariffCentsPerKWh;
        uint96 tokensPerWhH;
        uint16 laxityCapMinutes;
        uint32 maxEnergyWhPerSession;
    }

    error EmptyBatch();
    error ZeroUser(uint64 sessionNumber);
    error ZeroSessionNumber();
    error RateTooLarge(uint256 tokensPerWhH);
    error SettlementOutOfBounds(uint64 sessionNumber, uint32 energyWh, uint32 flexibilityWhH);
    error AllocationTooLarge(uint256 words);

    /// The only record of a session's details: verify, the fleet view and the outbox's "already settled with
    /// the same content" check read it. The tariff in force is billMilliCents / energyWh (and the rates at the block).
    event Settled(
        bytes32 indexed siteId,
        uint64 indexed sessionNumber,
        address indexed user,
        uint32 energyWh,
        uint64 billMilliCents,
        uint32 flexibilityWhH,
        uint256 tokens
    );
    /// A resent session is skipped, not reverted, so one duplicate never blocks a batch.
    event AlreadySettled(bytes32 indexed siteId, uint64 indexed sessionNumber);
    event SessionsAllocated(bytes32 indexed siteId, uint64 fromNumber, uint64 throughNumber);
    event TariffChanged(uint32 tariffCentsPerKWh);
    event TokenRateChanged(uint256 tokensPerWhH);
    event BoundsChanged(uint16 laxityCapMinutes, uint32 maxEnergyWhPerSession);

    FlexToken public immutable token;
    Rates private _rates;
    mapping(bytes32 siteId => mapping(uint256 wordIndex => uint256 bits)) private _settled;
    /// The highest session number whose word is allocated, per site (0: none); read by the writer, not by settle.
    mapping(bytes32 siteId => uint64) public allocatedThrough;

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

    /// @notice Pre-allocates the bitmap words of `words` x 255 session numbers from `fromNumber`'s word on, so the
    /// settlements that follow rewrite a non-zero word. Only costs the caller gas: the site's operator (or the
    /// CPO's admin, at `chain join`) may call it; a word already allocated is left as it is.
    function allocate(bytes32 siteId, uint64 fromNumber, uint256 words) external {
        if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) _checkRole(siteOperatorRole(siteId));
        if (words == 0 || words > MAX_WORDS_PER_ALLOCATION) revert AllocationTooLarge(words);
        uint256 first = fromNumber / SESSIONS_PER_WORD;
        mapping(uint256 => uint256) storage bitmap = _settled[siteId];
        for (uint256 w = first; w < first + words; ++w) {
            if (bitmap[w] == 0) bitmap[w] = ALLOCATED;
        }
        uint64 through = uint64((first + words) * SESSIONS_PER_WORD - 1);
        if (through > allocatedThrough[siteId]) allocatedThrough[siteId] = through;
        emit SessionsAllocated(siteId, uint64(first * SESSIONS_PER_WORD), through);
    }

    function settle(bytes32 siteId, SessionSettlement[] calldata sessions) external {
        _checkRole(siteOperatorRole(siteId));
        if (sessions.length == 0) revert EmptyBatch();
        Rates memory r = _rates;
        mapping(uint256 => uint256) storage bitmap = _settled[siteId];
        for (uint256 i = 0; i < sessions.length; ++i) {
            SessionSettlement calldata s = sessions[i];
            if (s.sessionNumber == 0) revert ZeroSessionNumber();
            if (s.user == address(0)) revert ZeroUser(s.sessionNumber);
            // flexibility = kWh x laxity h <= Wh x cap h: a stolen key cannot mint more than the CPO allows.
            if (s.energyWh > r.maxEnergyWhPerSession
                    || uint256(s.flexibilityWhH) * 60 > uint256(s.energyWh) * r.laxityCapMinutes) {
                revert SettlementOutOfBounds(s.sessionNumber, s.energyWh, s.flexibilityWhH);
            }
            uint256 wordIndex = s.sessionNumber / SESSIONS_PER_WORD;
            uint256 bit = uint256(1) << (s.sessionNumber % SESSIONS_PER_WORD);
            uint256 word = bitmap[wordIndex];
            if (word & bit != 0) {
                emit AlreadySettled(siteId, s.sessionNumber);
                continue;
            }
            bitmap[wordIndex] = word | bit;
            uint256 tokens = uint256(s.flexibilityWhH) * r.tokensPerWhH;
            if (tokens != 0) token.mint(s.user, tokens);
            emit Settled(
                siteId, s.sessionNumber, s.user, s.energyWh, uint64(s.energyWh) * r.tariffCentsPerKWh, s.flexibilityWhH, tokens
            );
        }
    }

    /// @notice Whether a site's session is settled; its details are in its Settled event.
    function isSettled(bytes32 siteId, uint64 sessionNumber) external view returns (bool) {
        return _settled[siteId][sessionNumber / SESSIONS_PER_WORD] & (uint256(1) << (sessionNumber % SESSIONS_PER_WORD)) != 0;
    }
}
