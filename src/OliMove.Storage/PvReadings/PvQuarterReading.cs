namespace OliMove.Storage;

/// <summary>
/// One inverter's PV production over one 15-minute quarter, as the forecast's history keeps it.
/// </summary>
/// <param name="QuarterStart">UTC start of the quarter, on a 15-minute boundary.</param>
/// <param name="MeanPowerW">Mean of the valid readings (W, never negative), or null when there was none: the quarter
/// is missing, which is not the same as 0 W (night).</param>
/// <param name="SampleCount">Valid readings averaged.</param>
/// <param name="PollCount">All polls in the quarter, failed and stale ones included.</param>
public sealed record PvQuarterReading(string InverterId, DateTimeOffset QuarterStart, double? MeanPowerW, int SampleCount, int PollCount)
{
    public static readonly TimeSpan QuarterLength = TimeSpan.FromMinutes(15);

    public bool IsMissing => MeanPowerW is null;
}
