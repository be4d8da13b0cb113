using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Topology;

/// <summary>
/// A root circuit and everything below it: the unit the allocator plans on its own. Circuits are in
/// depth-first order (children by ordinal id); charge points, PV inverters, batteries and loads by ordinal id.
/// </summary>
public sealed record ChargingGroup(
    CircuitNode Root,
    IReadOnlyList<CircuitNode> Circuits,
    IReadOnlyList<ChargePointDefinition> ChargePoints,
    IReadOnlyList<PvInverterDefinition> PvInverters,
    IReadOnlyList<BatteryDefinition> Batteries,
    IReadOnlyList<OtherLoadDefinition> OtherLoads)
{
    /// <summary>The group is named by its root circuit.</summary>
    public string Id => Root.Id;

    public double LimitW => Root.LimitW;

    /// <summary>Fixed reservations plus the worst case of metered loads in the group.</summary>
    public double ReservedW => Root.ReservedW;

    /// <summary>What charging can always have, whatever the other loads do; PV is never part of it.</summary>
    public double GuaranteedCapacityW => Root.AvailableW;
}
