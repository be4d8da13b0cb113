namespace OliMove.Modbus.Forecast;

public sealed record OtherLoadForecasterOptions
{
    /// <summary>Days of stored quarters a forecast looks back on (one value per day for each time of day).</summary>
    public int HistoryDays { get; init; } = 14;

    /// <summary>Fewest days with a value at a time of day before history replaces the static worst case there.</summary>
    public int MinimumDays { get; init; } = 5;

    /// <summary>Quantile of the quarters' maxima the envelope starts from (nearest rank; 1 is the highest seen).</summary>
    public double EnvelopeQuantile { get; init; } = 0.95;

    /// <summary>Margin added to the quantile, as a fraction of it (a building that grows, a hotter day).</summary>
    public double MarginFraction { get; init; } = 0.10;

    /// <summary>Margin added to the quantile in W (a small load switched on that history has not seen).</summary>
    public long MarginW { get; init; } = 1_000;

    /// <summary>Time zone whose time of day the load follows (an office opens at 08:00 local); UTC by default.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public void Validate()
    {
        if (HistoryDays < 1 || MinimumDays < 1 || MinimumDays > HistoryDays || EnvelopeQuantile is <= 0 or > 1
            || MarginFraction < 0 || MarginW < 0 || TimeZone is null)
        {
            throw new ArgumentOutOfRangeException(
                nameof(HistoryDays),
                "Need 1 <= MinimumDays <= HistoryDays, 0 < EnvelopeQuantile <= 1, MarginFraction >= 0, MarginW >= 0 and a time zone.");
        }
    }
}
