using OliMove.Modbus.Forecast;

namespace OliMove.Modbus.Tests;

public class OtherLoadForecasterTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 16, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An office: 2 kW from 18:00 to 08:00, 12 kW by day (with an optional peak on one day), per quarter.</summary>
    private static List<OtherLoadQuarter> Office(int days, long peakW = 12_000)
    {
        var quarters = new List<OtherLoadQuarter>();
        for (int d = 1; d <= days; d++)
        {
            for (int q = 0; q < 96; q++)
            {
                var start = Midnight.AddDays(-d).AddMinutes(15 * q);
                bool day = q is >= 32 and < 72;
                long mean = day ? 12_000 : 2_000;
                quarters.Add(new OtherLoadQuarter(start, mean, d == 3 && day ? peakW : mean + 200));
            }
        }
        return quarters;
    }

    [Fact]
    public void Best_effort_gets_the_median_and_guarantees_the_high_quantile_of_the_maxima_plus_a_margin()
    {
        var forecast = new OtherLoadForecaster().Forecast(Office(14, peakW: 20_000), Midnight, measuredNowW: 1_800, worstCaseW: 30_000, slots: 96);

        forecast.Start.Should().Be(Midnight);
        forecast.MedianW[0].Should().Be(2_000);
        forecast.EnvelopeW[0].Should().Be(2_200 + 220 + 1_000);
        forecast.MedianW[40].Should().Be(12_000, "10:00 on a normal day");
        forecast.EnvelopeW[40].Should().Be(20_000 + 2_000 + 1_000, "the one day with a 20 kW peak is the 95 % quantile of 14 days");
        forecast.FromHistory.Should().AllBeEquivalentTo(true);
    }

    [Fact]
    public void The_envelope_is_never_below_the_load_measured_now()
    {
        var forecast = new OtherLoadForecaster().Forecast(Office(14), Midnight.AddHours(2), measuredNowW: 9_000, worstCaseW: 30_000, slots: 8);

        forecast.EnvelopeW.Should().AllBeEquivalentTo(9_000L);
        forecast.MedianW.Should().AllBeEquivalentTo(2_000L, "the median stays the expected load");
    }

    [Fact]
    public void Without_enough_history_the_static_worst_case_stays()
    {
        var forecaster = new OtherLoadForecaster();

        var none = forecaster.Forecast([], Midnight, measuredNowW: null, worstCaseW: 30_000, slots: 4);
        none.EnvelopeW.Should().AllBeEquivalentTo(30_000L);
        none.MedianW.Should().AllBeEquivalentTo(30_000L);
        none.FromHistory.Should().AllBeEquivalentTo(false);

        forecaster.Forecast(Office(4), Midnight, measuredNowW: 2_000, worstCaseW: 30_000, slots: 4).EnvelopeW
            .Should().AllBeEquivalentTo(30_000L, "four days are fewer than the five a time of day needs");
    }

    [Fact]
    public void Only_the_history_window_before_now_counts()
    {
        var old = Office(14).Select(q => q with { Start = q.Start.AddDays(-30), MeanW = 50_000, MaxW = 50_000 });
        var future = Office(14).Select(q => q with { Start = q.Start.AddDays(20), MeanW = 50_000, MaxW = 50_000 });

        var forecast = new OtherLoadForecaster().Forecast([.. Office(14), .. old, .. future], Midnight, measuredNowW: 0, worstCaseW: 30_000, slots: 96);

        forecast.EnvelopeW.Max().Should().Be(12_200 + 1_220 + 1_000);
    }

    [Fact]
    public void Time_of_day_follows_the_sites_time_zone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");
        // The same office in local time: its day starts at 06:00 UTC.
        var local = Office(14).Select(q => q with { Start = q.Start.AddHours(-2) }).ToList();

        var forecast = new OtherLoadForecaster(new OtherLoadForecasterOptions { TimeZone = plusTwo })
            .Forecast(local, Midnight.AddHours(6), measuredNowW: 0, worstCaseW: 30_000, slots: 1);

        forecast.MedianW.Single().Should().Be(12_000);
    }
}
