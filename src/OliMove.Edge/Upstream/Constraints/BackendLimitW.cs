namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// A backend limit in the allocator's units: the total over the phases and, for a limit given in A, the limit of
/// each phase (A × phase voltage); <see cref="PhaseW"/> is null for a limit given in W.
/// </summary>
public readonly record struct BackendLimitW(long TotalW, long? PhaseW)
{
    /// <summary>The tighter of two limits, total and per phase each.</summary>
    public BackendLimitW Min(BackendLimitW other) => new(
        Math.Min(TotalW, other.TotalW),
        (PhaseW, other.PhaseW) switch
        {
            ({ } a, { } b) => Math.Min(a, b),
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => null,
        });
}
