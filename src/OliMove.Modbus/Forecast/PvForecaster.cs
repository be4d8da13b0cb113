using MathNet.Numerics;

namespace OliMove.Modbus.Forecast;

/// <summary>
/// Forecasts PV power for the planning horizon (96 × 15 min) as a pure function of measured history and time:
/// <list type="bullet">
/// <item>clear-sky shape: per time of day, the highest slot mean of the last <c>EnvelopeDays</c> days (needs no
/// location or panel data, follows the season);</item>
/// <item>clearness persistence: how much of that envelope the last hour produced, applied to the coming slots;</item>
/// <item>recent profile: the mean of the last <c>ProfileDays</c> days at the same time of day;</item>
/// <item>blend: per horizon hour, the weight of persistence is a least-squares fit (MathNet <c>Fit.LineThroughOrigin</c>)
/// over past origins in the history itself, so near slots lean on "now" and far slots on the profile.</item>
/// </list>
/// Times are binned in UTC, whose time of day maps to the sun's position at a fixed site all year (no DST jumps).
/// </summary>
public sealed class PvForecaster
{
    public const int SlotsPerDay = 96;
    public const int HorizonSlots = 96;
    public static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(15);

    private const int SlotsPerHour = 4;
    private const int MinFitPoints = 8;

    private readonly PvForecasterOptions _options;

    public PvForecaster(PvForecasterOptions? options = null)
    {
        _options = options ?? new PvForecasterOptions();
        _options.Validate();
    }

    /// <summary>How far back history matters (<c>EnvelopeDays</c>): older quarters may be dropped.</summary>
    public TimeSpan HistoryWindow => TimeSpan.FromDays(_options.EnvelopeDays);

    public PvForecast Forecast(IReadOnlyList<PvSample> history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        var start = Floor(now.ToUniversalTime());
        var windowStart = start - TimeSpan.FromDays(_options.EnvelopeDays);
        var bins = Bin(history, windowStart, start);
        var firstTod = (int)(windowStart.TimeOfDay.Ticks / SlotLength.Ticks);

        var envelope = Envelope(bins, firstTod);
        var profile = Profile(bins, firstTod, bins.Length);
        var weights = FitWeights(bins, firstTod, envelope);

        var clearness = Clearness(bins, bins.Length, firstTod, envelope);
        var power = new double[HorizonSlots];
        for (var h = 0; h < HorizonSlots; h++)
        {
            var tod = (firstTod + bins.Length + h) % SlotsPerDay;
            power[h] = Blend(clearness, envelope[tod], profile[tod], weights[h / SlotsPerHour]);
        }

        return new PvForecast(start, SlotLength, power, weights);
    }

    public static DateTimeOffset Floor(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % SlotLength.Ticks), TimeSpan.Zero);

    /// <summary>Mean power per 15-minute slot in [from, to); NaN where no sample fell (missing is not zero).</summary>
    private static double[] Bin(IReadOnlyList<PvSample> history, DateTimeOffset from, DateTimeOffset to)
    {
        var count = (int)((to - from).Ticks / SlotLength.Ticks);
        var sums = new double[count];
        var counts = new int[count];
        foreach (var sample in history)
        {
            if (sample.Timestamp < from || sample.Timestamp >= to || !double.IsFinite(sample.PowerW))
            {
                continue;
            }

            var i = (int)((sample.Timestamp - from).Ticks / SlotLength.Ticks);
            sums[i] += Math.Max(0, sample.PowerW);
            counts[i]++;
        }

        var bins = new double[count];
        for (var i = 0; i < count; i++)
        {
            bins[i] = counts[i] == 0 ? double.NaN : sums[i] / counts[i];
        }

        return bins;
    }

    private static double[] Envelope(double[] bins, int firstTod)
    {
        var envelope = new double[SlotsPerDay];
        for (var i = 0; i < bins.Length; i++)
        {
            if (!double.IsNaN(bins[i]))
            {
                var tod = (firstTod + i) % SlotsPerDay;
                envelope[tod] = Math.Max(envelope[tod], bins[i]);
            }
        }

        return envelope;
    }

    /// <summary>Mean per time of day over the <c>ProfileDays</c> days before bin <paramref name="end"/>.</summary>
    private double[] Profile(double[] bins, int firstTod, int end)
    {
        var sums = new double[SlotsPerDay];
        var counts = new int[SlotsPerDay];
        for (var i = Math.Max(0, end - (_options.ProfileDays * SlotsPerDay)); i < end; i++)
        {
            if (!double.IsNaN(bins[i]))
            {
                var tod = (firstTod + i) % SlotsPerDay;
                sums[tod] += bins[i];
                counts[tod]++;
            }
        }

        var profile = new double[SlotsPerDay];
        for (var tod = 0; tod < SlotsPerDay; tod++)
        {
            profile[tod] = counts[tod] == 0 ? 0 : sums[tod] / counts[tod];
        }

        return profile;
    }

    /// <summary>Share of the envelope produced in the slots before bin <paramref name="end"/>; null at night or without data.</summary>
    private double? Clearness(double[] bins, int end, int firstTod, double[] envelope)
    {
        double produced = 0, possible = 0;
        for (var i = Math.Max(0, end - _options.ClearnessSlots); i < end; i++)
        {
            if (!double.IsNaN(bins[i]))
            {
                produced += bins[i];
                possible += envelope[(firstTod + i) % SlotsPerDay];
            }
        }

        // Below 2 % of the day's peak envelope per slot the ratio is noise (dawn, dusk, night).
        var threshold = 0.02 * envelope.Max() * _options.ClearnessSlots;
        return possible > threshold && possible > 0 ? Math.Clamp(produced / possible, 0, 1.2) : null;
    }

    private static double Blend(double? clearness, double envelope, double profile, double weight) =>
        clearness is { } k ? (weight * k * envelope) + ((1 - weight) * profile) : profile;

    /// <summary>
    /// Per horizon hour, the persistence weight w minimising Σ(y − prof − w·(pers − prof))² over hourly origins in
    /// the last <c>FitDays</c> days of history: a line through the origin. The profile is recomputed as of each
    /// origin; the envelope is the whole window's (a mild in-sample advantage, the same for every horizon). Without enough daylight points, a
    /// decaying default.
    /// </summary>
    private double[] FitWeights(double[] bins, int firstTod, double[] envelope)
    {
        var hours = HorizonSlots / SlotsPerHour;
        var xs = new List<double>[hours];
        var ys = new List<double>[hours];
        for (var h = 0; h < hours; h++)
        {
            xs[h] = [];
            ys[h] = [];
        }

        // Where persistence and profile (nearly) agree, a point says nothing about the weight, only adds rounding noise.
        var informative = 0.01 * envelope.Max();
        var firstOrigin = bins.Length - (_options.FitDays * SlotsPerDay);
        for (var origin = Math.Max(_options.ClearnessSlots, firstOrigin); origin < bins.Length; origin += SlotsPerHour)
        {
            if (Clearness(bins, origin, firstTod, envelope) is not { } k)
            {
                continue;
            }

            // The profile as it was known at that origin, so the fit never sees its own targets in it.
            var profile = Profile(bins, firstTod, origin);

            for (var h = 0; h < HorizonSlots && origin + h < bins.Length; h++)
            {
                var target = bins[origin + h];
                var tod = (firstTod + origin + h) % SlotsPerDay;
                var x = (k * envelope[tod]) - profile[tod];
                if (double.IsNaN(target) || Math.Abs(x) <= informative)
                {
                    continue;
                }

                xs[h / SlotsPerHour].Add(x);
                ys[h / SlotsPerHour].Add(target - profile[tod]);
            }
        }

        var weights = new double[hours];
        for (var h = 0; h < hours; h++)
        {
            weights[h] = xs[h].Count >= MinFitPoints
                ? Math.Clamp(Fit.LineThroughOrigin([.. xs[h]], [.. ys[h]]), 0, 1)
                : Math.Exp(-h / 3.0);
        }

        return weights;
    }
}
