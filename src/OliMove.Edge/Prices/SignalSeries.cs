namespace OliMove.Edge.Prices;

/// <summary>
/// A time series of one signal (import price, feed-in price per kWh, or CO₂ in g/kWh) in equal intervals without
/// gaps, as read from a file or an HTTP answer (<see cref="SignalSeriesFile"/>). Times are UTC instants.
/// </summary>
public sealed record SignalSeries(DateTimeOffset Start, TimeSpan Interval, IReadOnlyList<decimal> Values)
{
    public DateTimeOffset End => Start + Interval * Values.Count;

    /// <summary>The value of the interval holding <paramref name="instant"/>, or null outside the series.</summary>
    public decimal? ValueAt(DateTimeOffset instant)
    {
        if (instant < Start || instant >= End)
            return null;
        return Values[(int)((instant - Start).Ticks / Interval.Ticks)];
    }
}
