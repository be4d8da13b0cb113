using System.Numerics;

namespace OliMove.Chain.Fleet;

/// <summary>
/// A CPO's sites as one set of contracts records them, read from block <see cref="FromBlock"/> (the deployment)
/// to <see cref="ToBlock"/> in <see cref="LogRequests"/> paged log reads. Sites are those with a SiteRegistered
/// event or any record, ordered by name, then id.
/// </summary>
public sealed record FleetView(
    long ChainId,
    long FromBlock,
    long ToBlock,
    int LogRequests,
    IReadOnlyList<FleetSite> Sites,
    IReadOnlyList<FleetAlgorithm> Algorithms)
{
    public int SlotsCommitted => Sites.Sum(s => s.SlotsCommitted);

    public long EnergyWh => Sites.Sum(s => s.EnergyWh);

    public int SessionsSettled => Sites.Sum(s => s.SessionsSettled);

    public BigInteger TokensBaseUnits => Sites.Aggregate(BigInteger.Zero, (sum, s) => sum + s.TokensBaseUnits);
}
