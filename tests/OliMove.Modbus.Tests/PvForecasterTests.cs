using OliMove.Modbus.Forecast;

namespace OliMove.Modbus.Tests;

public sealed class PvForecasterTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A clear-sky day: a sine from 06:00 to 18:00 UTC peaking at 10 kW.</summary>
    private static double ClearSkyW(DateTimeOffset t)
    {
        var hour = t.TimeOfDay.TotalHours;
        return hour is > 6 and < 18 ? 10_000 * Math.Sin(Math.PI * (hour - 6) / 12) : 0;
    }

    private static List<PvSample> Days(DateTimeOffset until, int days, Func<DateTimeOffset, double> power)
    {
        var samples = new List<PvSample>();
        for (var t = until - TimeSpan.FromDays(days); t < until; t += TimeSpan.FromMinutes(5))
        {
            samples.Add(new PvSample(t, power(t)));
        }

        return samples;
    }

    [Fact]
    public void Forecasts_96_quarter_hour_slots_from_the_current_quarter_hour()
    {
        var forecast = new PvForecaster().Forecast([], Midnight.AddMinutes(37));

        forecast.Start.Should().Be(Midnight.AddMinutes(30));
        forecast.SlotLength.Should().Be(TimeSpan.FromMinutes(15));
        forecast.PowerW.Should().HaveCount(96).And.OnlyContain(w => w == 0, "no history, no PV");
    }

    [Fact]
    public void Repeats_the_shape_of_clear_days()
    {
        var now = Midnight.AddHours(10);
        var history = Days(now, 15, ClearSkyW);

        var forecast = new PvForecaster().Forecast(history, now);

        for (var h = 0; h < 96; h++)
        {
            var slotMid = forecast.Start + (h * forecast.SlotLength) + TimeSpan.FromMinutes(7.5);
            forecast.PowerW[h].Should().BeApproximately(ClearSkyW(slotMid), 150, $"slot {h} of a clear sky repeats");
        }
    }

    [Fact]
    public void A_cloud_now_lowers_the_next_hours_but_not_tomorrow()
    {
        var now = Midnight.AddHours(11);
        var history = Days(now, 15, t => t >= now - TimeSpan.FromHours(2) ? 0.4 * ClearSkyW(t) : ClearSkyW(t));

        var forecast = new PvForecaster().Forecast(history, now);

        var nextSlot = ClearSkyW(now.AddMinutes(7.5));
        forecast.PowerW[0].Should().BeLessThan(0.6 * nextSlot, "the last hour produced 40 % of clear sky");
        var tomorrowSameTime = forecast.PowerW[95];
        tomorrowSameTime.Should().BeGreaterThan(0.75 * ClearSkyW(now.AddDays(1).AddMinutes(-7.5)), "far slots follow the recent profile");
    }

    [Fact]
    public void Samples_at_or_after_now_do_not_change_the_forecast()
    {
        var now = Midnight.AddHours(9);
        var past = Days(now, 15, ClearSkyW);
        var withFuture = past.Concat([new PvSample(now, 99_999), new PvSample(now.AddHours(2), 99_999)]).ToList();

        var a = new PvForecaster().Forecast(past, now);
        var b = new PvForecaster().Forecast(withFuture, now);

        b.PowerW.Should().Equal(a.PowerW);
    }

    [Fact]
    public void Is_deterministic_and_never_negative()
    {
        var now = Midnight.AddHours(14).AddMinutes(5);
        var random = new Random(7);
        var history = Days(now, 15, t => ClearSkyW(t) * (0.3 + (0.7 * random.NextDouble())) - 20);

        var a = new PvForecaster().Forecast(history, now);
        var b = new PvForecaster().Forecast(history, now);

        b.PowerW.Should().Equal(a.PowerW);
        a.PowerW.Should().OnlyContain(w => w >= 0);
        a.BlendWeights.Should().HaveCount(24).And.OnlyContain(w => w >= 0 && w <= 1);
    }

    [Fact]
    public void Missing_data_is_not_taken_for_darkness()
    {
        var now = Midnight.AddHours(12);
        var history = Days(now, 15, ClearSkyW).Where(s => s.Timestamp.Day % 2 == 0).ToList();

        var forecast = new PvForecaster().Forecast(history, now);

        forecast.PowerW[4].Should().BeApproximately(ClearSkyW(now.AddMinutes(67.5)), 300);
    }

    [Fact]
    public void Rejects_inconsistent_options()
    {
        var act = () => new PvForecaster(new PvForecasterOptions { EnvelopeDays = 5, FitDays = 5 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
