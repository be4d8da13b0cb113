namespace OliMove.Storage;

/// <summary>
/// One metered circuit's measured other load (its meter minus the chargers below it) over one 15-minute quarter, as
/// the forecast's history keeps it (decision 0314); or, with <see cref="Source"/>, one metered other load's or the grid
/// meter's residual (decision 0351), <see cref="CircuitId"/> then naming the load or the meter. Only quarters with at
/// least one usable reading exist.
/// </summary>
/// <param name="QuarterStart">UTC start of the quarter, on a 15-minute boundary.</param>
/// <param name="MeanW">Mean of the readings' totals, whole W.</param>
/// <param name="MaxW">Highest total read in the quarter, whole W (the envelope is made of maxima).</param>
/// <param name="LineMeanW">Mean of each reading's most loaded line, whole W.</param>
/// <param name="LineMaxW">Highest single line read in the quarter, whole W.</param>
/// <param name="SampleCount">Readings folded in (at least one).</param>
public sealed record OtherLoadQuarterReading(string CircuitId, DateTimeOffset QuarterStart, long MeanW, long MaxW, long LineMeanW, long LineMaxW, int SampleCount)
{
    public static readonly TimeSpan QuarterLength = TimeSpan.FromMinutes(15);

    /// <summary>What the quarter measures; a circuit's other load unless said otherwise.</summary>
    public OtherLoadSource Source { get; init; } = OtherLoadSource.Circuit;
}
