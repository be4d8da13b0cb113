using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Planning;

namespace OliMove.Edge.Tests.Planning;

/// <summary>The pause between rounds of event re-plans: none for a lone event, the last round's length in a storm (decision 0375).</summary>
public class EventReplanPacingTests
{
    [Fact]
    public void A_lone_event_finds_no_pause()
    {
        var machine = new FakeTimeProvider();
        new EventReplanPacing(machine).PauseLeft().Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void After_a_round_the_next_waits_as_long_as_that_round_took()
    {
        var machine = new FakeTimeProvider();
        var pacing = new EventReplanPacing(machine);
        pacing.RoundStarting();
        machine.Advance(TimeSpan.FromMilliseconds(300));
        pacing.RoundEnded();

        pacing.PauseLeft().Should().Be(TimeSpan.FromMilliseconds(300));
        machine.Advance(TimeSpan.FromMilliseconds(200));
        pacing.PauseLeft().Should().Be(TimeSpan.FromMilliseconds(100));
        machine.Advance(TimeSpan.FromMilliseconds(100));
        pacing.PauseLeft().Should().Be(TimeSpan.Zero, "an event after the pause is planned at once");
    }

    [Fact]
    public void A_long_round_pauses_at_most_the_cap()
    {
        var machine = new FakeTimeProvider();
        var pacing = new EventReplanPacing(machine);
        pacing.RoundStarting();
        machine.Advance(TimeSpan.FromMinutes(1)); // a charger that took a minute to answer its profile
        pacing.RoundEnded();

        pacing.PauseLeft().Should().Be(EventReplanPacing.MaxPause);
    }
}
