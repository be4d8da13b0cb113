namespace OliMove.SiteMap.Model;

/// <summary>
/// Equipment sharing a circuit with the charge points. <see cref="PowerW"/> is the reservation for a
/// <see cref="OtherLoadKind.Reserved"/> load and the worst case for a <see cref="OtherLoadKind.Metered"/> one;
/// either way it is the power kept free when guarantees are given.
/// </summary>
public sealed record OtherLoadDefinition(string Id, string CircuitId, OtherLoadKind Kind, long PowerW)
{
    /// <summary>The lines the load is wired to: all three (the default) or one.</summary>
    public IReadOnlyList<PhaseConductor> Phases { get; init; } = [PhaseConductor.L1, PhaseConductor.L2, PhaseConductor.L3];
}
