using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Topology;

/// <summary>
/// A circuit in the tree with its limits in W. <see cref="LimitW"/> is the lower of limitW and
/// 3 × limitA × nominal voltage; <see cref="PhaseLimitW"/> is limitA × nominal voltage, null when only a
/// total in W is known. <see cref="ReservedW"/> is what the other loads on this circuit and below it keep free.
/// </summary>
public sealed record CircuitNode(
    CircuitDefinition Definition,
    string GroupId,
    int Depth,
    IReadOnlyList<string> ChildIds,
    double LimitW,
    double? PhaseLimitW,
    double ReservedW)
{
    public string Id => Definition.Id;

    public string? ParentId => Definition.ParentId;

    /// <summary>The circuit's limit in A per phase, when the site map gives one.</summary>
    public double? LimitPerPhaseA => Definition.LimitPerPhaseA;

    /// <summary>What is left of <see cref="LimitW"/> for charging after the other loads' reservations.</summary>
    public double AvailableW => LimitW - ReservedW;
}
