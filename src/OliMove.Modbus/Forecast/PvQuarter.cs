namespace OliMove.Modbus.Forecast;

/// <summary>
/// One inverter's production over one 15-minute quarter: what the forecast's history is made of, in memory and
/// in storage. <paramref name="MeanPowerW"/> is null when no poll of the quarter was valid (failed or stale):
/// missing, never 0 W, so an outage is not taken for night (decision 0052).
/// </summary>
public sealed record PvQuarter(string InverterId, DateTimeOffset Start, double? MeanPowerW, int SampleCount, int PollCount)
{
    /// <summary>The quarter as the forecaster reads it: NaN where missing.</summary>
    public PvSample ToSample() => new(Start, MeanPowerW ?? double.NaN);
}
