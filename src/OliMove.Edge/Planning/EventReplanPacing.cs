namespace OliMove.Edge.Planning;

/// <summary>
/// How long the slot loop lets pass between two rounds of event re-plans: as long as the last round took, at most
/// <see cref="MaxPause"/>. A lone event finds the loop idle and is planned at once; under a stream of events (a
/// reconnect storm) re-planning takes at most about half of the loop's time instead of all of it, and each re-plan
/// covers the events of the pause too (decision 0375). Read on the machine's clock, not the site's: this shares the
/// machine between planning and storing messages, it never decides what a plan holds or which slot it is for.
/// </summary>
public sealed class EventReplanPacing(TimeProvider machineClock)
{
    /// <summary>The longest pause: a meter's overload must reach the chargers within 5 s (decision 0239), and a
    /// driver's start in a storm still gets its plan within seconds.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(2);

    private long _roundStartedAt;
    private long _roundEndedAt;
    private TimeSpan _pause;

    public void RoundStarting() => _roundStartedAt = machineClock.GetTimestamp();

    public void RoundEnded()
    {
        var took = machineClock.GetElapsedTime(_roundStartedAt);
        _pause = took < MaxPause ? took : MaxPause;
        _roundEndedAt = machineClock.GetTimestamp();
    }

    /// <summary>What is left of the pause after the last round; zero when the loop may re-plan at once.</summary>
    public TimeSpan PauseLeft()
    {
        var left = _pause - machineClock.GetElapsedTime(_roundEndedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
