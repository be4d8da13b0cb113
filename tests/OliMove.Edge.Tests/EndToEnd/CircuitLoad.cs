namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>What one circuit (or the grid connection, id "grid") carries at a sampled instant, per phase.</summary>
public sealed record CircuitLoad(string CircuitId, double L1A, double L2A, double L3A, double TotalW, double? LimitPerPhaseA, double? LimitW)
{
    public double MaxPhaseA => Math.Max(L1A, Math.Max(L2A, L3A));

    /// <summary>Within its limits, up to <paramref name="toleranceA"/> for the 0.1 A / 1 W rounding of the meter values.</summary>
    public bool IsWithinLimit(double toleranceA = 0.2) =>
        (LimitPerPhaseA is not { } a || MaxPhaseA <= a + toleranceA)
        && (LimitW is not { } w || TotalW <= w + (toleranceA * 230));

    public override string ToString() =>
        FormattableString.Invariant($"{CircuitId}: L1 {L1A:0.0} A, L2 {L2A:0.0} A, L3 {L3A:0.0} A, {TotalW / 1000:0.0} kW (limit {LimitPerPhaseA} A, {LimitW} W)");
}
