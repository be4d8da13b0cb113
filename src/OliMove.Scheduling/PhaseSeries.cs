namespace OliMove.Scheduling;

/// <summary>A per-slot series of watts for each of the three phases.</summary>
public sealed record PhaseSeries(IReadOnlyList<long> L1, IReadOnlyList<long> L2, IReadOnlyList<long> L3)
{
    /// <summary>Phase 1..3.</summary>
    public IReadOnlyList<long> Of(int phase) => phase switch
    {
        1 => L1,
        2 => L2,
        3 => L3,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "phase is 1, 2 or 3"),
    };
}
