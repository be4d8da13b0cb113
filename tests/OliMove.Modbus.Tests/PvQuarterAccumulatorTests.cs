using OliMove.Modbus.Forecast;
using OliMove.Modbus.Polling;

namespace OliMove.Modbus.Tests;

public sealed class PvQuarterAccumulatorTests
{
    private static readonly DateTimeOffset Q0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static PvReading Ok(DateTimeOffset at, double w, string id = "pv") =>
        new(id, at, PvReadingStatus.Ok, w, null, null, null, null, null);

    [Fact]
    public void A_quarter_is_the_mean_of_its_valid_polls_and_is_handed_back_when_the_next_quarter_begins()
    {
        var accumulator = new PvQuarterAccumulator();

        accumulator.Add(Ok(Q0.AddMinutes(1), 4_000)).Should().BeEmpty();
        accumulator.Add(Ok(Q0.AddMinutes(7), 6_000)).Should().BeEmpty();
        accumulator.Add(PvReading.Failed("pv", Q0.AddMinutes(14), "timeout")).Should().BeEmpty();
        var closed = accumulator.Add(Ok(Q0.AddMinutes(15), 1_000));

        closed.Should().Equal(new PvQuarter("pv", Q0, 5_000, 2, 3));
    }

    [Fact]
    public void A_quarter_of_failed_and_stale_polls_is_missing_not_zero_watts()
    {
        var accumulator = new PvQuarterAccumulator();
        accumulator.Add(PvReading.Failed("pv", Q0.AddMinutes(2), "connection refused"));
        accumulator.Add(Ok(Q0.AddMinutes(4), 6_000) with { Status = PvReadingStatus.Stale });

        var closed = accumulator.Add(Ok(Q0.AddMinutes(16), 6_000)).Single();

        closed.MeanPowerW.Should().BeNull();
        closed.SampleCount.Should().Be(0);
        closed.PollCount.Should().Be(2);
        double.IsNaN(closed.ToSample().PowerW).Should().BeTrue("the forecaster reads a missing quarter as NaN, never as night");
    }

    [Fact]
    public void Negative_night_readings_count_as_zero_and_inverters_are_kept_apart()
    {
        var accumulator = new PvQuarterAccumulator();
        accumulator.Add(Ok(Q0, -12, "roof"));
        accumulator.Add(Ok(Q0, 3_000, "carport"));

        accumulator.OpenQuarters().Should().Equal(new PvQuarter("carport", Q0, 3_000, 1, 1), new PvQuarter("roof", Q0, 0, 1, 1));
    }

    [Fact]
    public void A_poll_older_than_the_open_quarter_changes_nothing()
    {
        var accumulator = new PvQuarterAccumulator();
        accumulator.Add(Ok(Q0.AddMinutes(15), 2_000));

        accumulator.Add(Ok(Q0.AddMinutes(14), 9_000)).Should().BeEmpty();

        accumulator.OpenQuarters().Should().Equal(new PvQuarter("pv", Q0.AddMinutes(15), 2_000, 1, 1));
    }

    [Fact]
    public void A_resumed_quarter_goes_on_from_the_stored_totals()
    {
        var accumulator = new PvQuarterAccumulator();
        accumulator.Resume(new PvQuarter("pv", Q0, 4_000, 3, 4));

        accumulator.Add(Ok(Q0.AddMinutes(10), 8_000));

        accumulator.OpenQuarters().Should().Equal(new PvQuarter("pv", Q0, 5_000, 4, 5));
    }
}
