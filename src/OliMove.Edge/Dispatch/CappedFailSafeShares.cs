using OliMove.Edge.Hosting;
using OliMove.Edge.Upstream.Constraints;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// A group's fail-safe shares (<see cref="FailSafeShareCalculator"/>), each capped by its charger's backend limits
/// (decision 0190): a charger must never be left holding more than the CPO's backend allowed, not even once the
/// edge is gone.
/// </summary>
public sealed class CappedFailSafeShares(SiteState site, BackendLimitSource backendLimits)
{
    public async Task<IReadOnlyList<FailSafeShare>> OfGroupAsync(ChargingGroup group, DateTimeOffset now, CancellationToken ct) =>
        await backendLimits.CapFailSafeAsync(FailSafeShareCalculator.Calculate(site.Topology, group), group, now, ct);
}
