using OliMove.Tools.SiteSimulator;

namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>
/// The site simulator takes the controller's accelerated clock over HTTP (decision 0394): of several readings it keeps
/// the one with the shortest round trip, so a slow answer on a loaded machine does not make the simulator's clock lag
/// by that delay × the speed (at 600×, 0.2 s real is two simulated minutes: a StartTransaction before the card claim).
/// </summary>
public class ControllerClockTests
{
    private const double Speed = 600;
    private static readonly DateTimeOffset ControllerStart = new(2026, 3, 5, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Keeps_the_reading_with_the_shortest_round_trip_and_lands_within_half_of_it_times_the_speed()
    {
        var real = new SteppedRealClock();
        // The controller's clock runs at Speed on the same real clock. Each reading is answered after `before`, read
        // by the controller, then delivered after `after`: the first ones on a loaded machine, the fourth quickly.
        DateTimeOffset Controller() => ControllerStart + TimeSpan.FromTicks((long)(real.GetElapsedTime(0).Ticks * Speed));
        var delays = new Queue<(int Before, int After)>([(40, 900), (300, 20), (5, 400), (3, 4), (250, 250)]);
        Task<DateTimeOffset> ReadAsync(CancellationToken ct)
        {
            var (before, after) = delays.Dequeue();
            real.Step(TimeSpan.FromMilliseconds(before));
            var reported = Controller();
            real.Step(TimeSpan.FromMilliseconds(after));
            return Task.FromResult(reported);
        }

        var reading = await ControllerClock.ReadBestAsync(ReadAsync, real, readings: 5, CancellationToken.None);
        real.Step(TimeSpan.FromMilliseconds(1_000)); // the simulator loads its site map and sessions before its clock starts

        reading.RoundTrip.Should().Be(TimeSpan.FromMilliseconds(7));
        var error = reading.ControllerNow(Speed, real) - Controller();
        error.Duration().Should().BeLessThanOrEqualTo(reading.Uncertainty(Speed));
        reading.Uncertainty(Speed).Should().Be(TimeSpan.FromSeconds(2.1), "half of 7 ms at 600x");
        delays.Should().BeEmpty("every reading was taken");
    }

    [Fact]
    public async Task A_single_slow_reading_taken_as_it_came_would_lag_by_minutes()
    {
        // The reason for the above: one reading answered 300 ms after the controller read its clock, used without
        // its round trip, starts the simulator 3 simulated minutes behind, beyond CardBinding's 2-minute tolerance.
        var real = new SteppedRealClock();
        DateTimeOffset Controller() => ControllerStart + TimeSpan.FromTicks((long)(real.GetElapsedTime(0).Ticks * Speed));
        var reading = await ControllerClock.ReadBestAsync(
            _ =>
            {
                var reported = Controller();
                real.Step(TimeSpan.FromMilliseconds(300));
                return Task.FromResult(reported);
            },
            real, readings: 1, CancellationToken.None);

        (Controller() - reading.ControllerTime).Should().Be(TimeSpan.FromMinutes(3));
        (Controller() - reading.ControllerNow(Speed, real)).Should().Be(TimeSpan.FromSeconds(90), "half the round trip is corrected, half is the uncertainty");
        reading.Uncertainty(Speed).Should().Be(TimeSpan.FromSeconds(90));
    }
}
