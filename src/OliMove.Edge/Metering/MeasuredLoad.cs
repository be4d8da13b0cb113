namespace OliMove.Edge.Metering;

/// <summary>A circuit's other load measured now, in W: in total and on each line (what is not the chargers).</summary>
public sealed record MeasuredLoad(long TotalW, long L1W, long L2W, long L3W)
{
    public long MaxPhaseW => Math.Max(L1W, Math.Max(L2W, L3W));

    /// <summary>True when any part rose by more than <paramref name="stepW"/> above <paramref name="before"/>.</summary>
    public bool RoseAbove(MeasuredLoad before, long stepW) =>
        TotalW - before.TotalW > stepW || L1W - before.L1W > stepW || L2W - before.L2W > stepW || L3W - before.L3W > stepW;
}
