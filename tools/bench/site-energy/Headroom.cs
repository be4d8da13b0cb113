namespace OliMove.Bench.SiteEnergy;

/// <summary>How the online runs see the building.</summary>
internal enum Headroom
{
    /// <summary>(a) The declared worst case reserved in every slot (what the edge did before meters).</summary>
    StaticWorstCase,

    /// <summary>(b) Measured for the quarter under way; later: envelope for guarantees, median for best effort.</summary>
    MeasuredWithEnvelope,
}
