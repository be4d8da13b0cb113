using System.Numerics;

namespace OliMove.Chain.Fleet;

/// <summary>
/// One site's part of the shared ledger, as its contracts' events tell it. Energy, sessions, bill and tokens are
/// sums over the site's Settled events (what was billed and minted on chain; a session whose driver has no wallet
/// is settled on the box only and not counted); slots and status rows come from its SlotCommitted events.
/// </summary>
public sealed record FleetSite(
    string SiteIdHex,
    string? Name,
    string? Operator,
    int SlotsCommitted,
    FleetSlot? FirstSlot,
    FleetSlot? LastSlot,
    long StatusRows,
    long EnergyWh,
    int SessionsSettled,
    BigInteger BillMilliCents,
    BigInteger TokensBaseUnits,
    IReadOnlyList<FleetAlgorithmUse> AlgorithmVersions,
    FleetLastCommitment? LastVerification);
