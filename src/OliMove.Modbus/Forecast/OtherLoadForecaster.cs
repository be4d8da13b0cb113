namespace OliMove.Modbus.Forecast;

/// <summary>
/// Forecasts a circuit's other load (a building in the chargers' cabinet) for the slots after the one under way,
/// as a pure function of its stored quarters, the measured value now and the declared worst case (decision 0267):
/// per time of day over the last <c>HistoryDays</c> days,
/// <list type="bullet">
/// <item>median of the quarter means: the expected load, for best-effort energy;</item>
/// <item>envelope: the <c>EnvelopeQuantile</c> of the quarter maxima plus a margin, and never below the measured
/// value now, for guarantees and admission, so a promise made against it holds on all but unusual days;</item>
/// <item>the static worst case where a time of day has fewer than <c>MinimumDays</c> values (a new site, a meter
/// that was down); the host uses it for the whole horizon when the meter is failing or stale.</item>
/// </list>
/// </summary>
public sealed class OtherLoadForecaster
{
    public static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(15);
    private const int SlotsPerDay = 96;

    private readonly OtherLoadForecasterOptions _options;

    public OtherLoadForecaster(OtherLoadForecasterOptions? options = null)
    {
        _options = options ?? new OtherLoadForecasterOptions();
        _options.Validate();
    }

    /// <summary>How far back quarters matter: older ones may be dropped.</summary>
    public TimeSpan HistoryWindow => TimeSpan.FromDays(_options.HistoryDays);

    /// <param name="history">Stored quarters, any order; quarters outside the window are ignored.</param>
    /// <param name="now">The forecast time; slot 0 is its quarter.</param>
    /// <param name="measuredNowW">The other load measured now (W), or null when the meter gives none.</param>
    /// <param name="worstCaseW">The declared worst case (the static reservation).</param>
    /// <param name="slots">Number of 15-minute slots to forecast.</param>
    public OtherLoadForecast Forecast(IReadOnlyList<OtherLoadQuarter> history, DateTimeOffset now, long? measuredNowW, long worstCaseW, int slots)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(slots);
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % SlotLength.Ticks), TimeSpan.Zero);
        var from = start - HistoryWindow;
        var means = new List<long>[SlotsPerDay];
        var maxima = new List<long>[SlotsPerDay];
        for (int q = 0; q < SlotsPerDay; q++)
        {
            means[q] = [];
            maxima[q] = [];
        }
        foreach (var quarter in history)
        {
            if (quarter.Start < from || quarter.Start >= start)
                continue;
            int q = QuarterOfDay(quarter.Start);
            means[q].Add(Math.Max(0, quarter.MeanW));
            maxima[q].Add(Math.Max(0, Math.Max(quarter.MeanW, quarter.MaxW)));
        }

        var median = new long[slots];
        var envelope = new long[slots];
        var fromHistory = new bool[slots];
        long floor = Math.Max(0, measuredNowW ?? 0);
        for (int t = 0; t < slots; t++)
        {
            int q = QuarterOfDay(start + SlotLength * t);
            if (means[q].Count < _options.MinimumDays)
            {
                median[t] = envelope[t] = Math.Max(worstCaseW, floor);
                continue;
            }
            fromHistory[t] = true;
            means[q].Sort();
            maxima[q].Sort();
            median[t] = Median(means[q]);
            long quantile = NearestRank(maxima[q], _options.EnvelopeQuantile);
            long margin = (long)Math.Ceiling(quantile * _options.MarginFraction) + _options.MarginW;
            envelope[t] = Math.Max(Math.Max(quantile + margin, floor), median[t]);
        }
        return new OtherLoadForecast(start, median, envelope, fromHistory);
    }

    private int QuarterOfDay(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, _options.TimeZone);
        return (int)(local.TimeOfDay.Ticks / SlotLength.Ticks) % SlotsPerDay;
    }

    /// <summary>The middle value; of two middles, the upper (whole W, never an understatement by rounding).</summary>
    private static long Median(List<long> sorted) => sorted[sorted.Count / 2];

    private static long NearestRank(List<long> sorted, double quantile)
    {
        int rank = (int)Math.Ceiling(quantile * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
