using OliMove.Edge.Batteries;
using OliMove.Scheduling;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Api.Views;

/// <summary>
/// A battery of a group right now. Status as in /api/v1/health ("ok", "not following", "failing", "stale",
/// "never read", "not controlled"); PowerW measured, positive = charging; SetpointW the one last written to it;
/// PlannedW what the plan in force asks for this slot (null when the plan does not count on it).
/// </summary>
public sealed record BatteryView(
    string Id,
    string CircuitId,
    string Status,
    double? SocPercent,
    long? StoredWh,
    long ReserveWh,
    long CapacityWh,
    long? PowerW,
    long? SetpointW,
    long? PlannedW,
    DateTimeOffset? ReadAt,
    string? Problem)
{
    public static IReadOnlyList<BatteryView> Of(IEnumerable<BatteryHealth> health, ChargingGroup group, GroupPlan? plan) =>
        [.. health.Select(b => new BatteryView(
            b.BatteryId,
            group.Batteries.First(d => d.Id == b.BatteryId).CircuitId,
            b.Status,
            b.SocPercent,
            b.StoredWh,
            b.ReserveWh,
            b.CapacityWh,
            b.PowerW,
            b.SetpointW,
            plan?.Batteries?.FirstOrDefault(p => p.BatteryId == b.BatteryId)?.SetpointW,
            b.ReadAt,
            b.Problem))];
}
