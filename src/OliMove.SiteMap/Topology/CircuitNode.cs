using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Topology;

/// <summary>
/// A circuit in the tree with its limits in W. <see cref="LimitW"/> is the lower of limitW and
/// 3 × limitA × nominal voltage; <see cref="PhaseLimitW"/> is limitA × nominal voltage, null when only a
/// total in W is known. <see cref="ReservedW"/> is what the other loads on this circuit and below it keep free, and
/// <see cref="ReservedPerLineW"/> the same per line (L1, L2, L3): a three-phase load a third on each, a single-phase
/// load all of it on its own line.
/// </summary>
public sealed record CircuitNode(
    CircuitDefinition Definition,
    string GroupId,
    int Depth,
    IReadOnlyList<string> ChildIds,
    double LimitW,
    double? PhaseLimitW,
    double ReservedW,
    IReadOnlyList<double> ReservedPerLineW)
{
    public string Id => Definition.Id;

    public string? ParentId => Definition.ParentId;

    /// <summary>The circuit's limit in A per phase, when the site map gives one.</summary>
    public double? LimitPerPhaseA => Definition.LimitPerPhaseA;

    /// <summary>The reservation on the circuit's most loaded line.</summary>
    public double ReservedMaxLineW => ReservedPerLineW.Max();

    /// <summary>What is left of <see cref="LimitW"/> for charging after the other loads' reservations.</summary>
    public double AvailableW => LimitW - ReservedW;
}
