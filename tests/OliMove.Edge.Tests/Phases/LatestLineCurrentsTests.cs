using OliMove.Edge.Phases;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Tests.Phases;

/// <summary>Which line currents of a MeterValues tell a car's phases (<see cref="OnePhaseCarWatch.LatestLineCurrents"/>):
/// the latest time that has all three lines, the last sample of a line at that time.</summary>
public sealed class LatestLineCurrentsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static NormalisedSampledValue Current(DateTimeOffset at, Phase? phase, decimal amps) =>
        new(at, Measurand.CurrentImport, phase, Location.Outlet, ReadingContext.SamplePeriodic, amps, "A");

    private static NormalisedSampledValue Power(DateTimeOffset at, decimal watts) =>
        new(at, Measurand.PowerActiveImport, Phase.L1, Location.Outlet, ReadingContext.SamplePeriodic, watts, "W");

    [Fact]
    public void Takes_the_three_lines_of_one_time()
    {
        OnePhaseCarWatch.LatestLineCurrents([Current(T0, Phase.L1, 16), Power(T0, 3_680), Current(T0, Phase.L2N, 0.2m), Current(T0, Phase.L3, 0)])
            .Should().Be((16m, 0.2m, 0m));
    }

    [Fact]
    public void The_latest_complete_time_wins_over_an_incomplete_later_one_and_an_earlier_one()
    {
        OnePhaseCarWatch.LatestLineCurrents([
                Current(T0, Phase.L1, 1), Current(T0, Phase.L2, 1), Current(T0, Phase.L3, 1),
                Current(T0.AddSeconds(20), Phase.L1, 16), Current(T0.AddSeconds(20), Phase.L2, 0),
                Current(T0.AddSeconds(10), Phase.L3, 3), Current(T0.AddSeconds(10), Phase.L1, 2), Current(T0.AddSeconds(10), Phase.L2, 4),
            ])
            .Should().Be((2m, 4m, 3m));
    }

    [Fact]
    public void Of_two_samples_of_a_line_at_one_time_the_last_counts()
    {
        OnePhaseCarWatch.LatestLineCurrents([Current(T0, Phase.L1, 5), Current(T0, Phase.L2, 6), Current(T0, Phase.L3, 7), Current(T0, Phase.L1N, 8)])
            .Should().Be((8m, 6m, 7m));
    }

    [Fact]
    public void Without_three_lines_at_any_time_there_is_no_answer()
    {
        OnePhaseCarWatch.LatestLineCurrents([]).Should().BeNull();
        // Currents without a phase, a neutral and a line-to-line phase are not line currents.
        OnePhaseCarWatch.LatestLineCurrents([Current(T0, null, 16), Current(T0, Phase.N, 0), Current(T0, Phase.L1L2, 16), Current(T0, Phase.L1, 16)])
            .Should().BeNull();
        OnePhaseCarWatch.LatestLineCurrents([Current(T0, Phase.L1, 16), Current(T0.AddSeconds(1), Phase.L2, 0), Current(T0.AddSeconds(2), Phase.L3, 0)])
            .Should().BeNull();
    }
}
