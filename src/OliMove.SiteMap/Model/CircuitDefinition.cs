namespace OliMove.SiteMap.Model;

/// <summary>
/// A power distribution cabinet (or any protected circuit). <see cref="ParentId"/> null makes it a root:
/// a root and everything below it is one charging group. Circuits are three-phase.
/// </summary>
public sealed record CircuitDefinition(string Id, string? ParentId, double? LimitPerPhaseA, double? LimitW);
