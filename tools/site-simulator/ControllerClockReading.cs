namespace OliMove.Tools.SiteSimulator;

/// <summary>
/// One reading of the controller's accelerated clock: the time it reported, how long the request took in real time
/// and when (<see cref="TimeProvider.GetTimestamp"/> of the reading's real clock) its answer arrived.
/// </summary>
public sealed record ControllerClockReading(DateTimeOffset ControllerTime, TimeSpan RoundTrip, long ReceivedTimestamp)
{
    /// <summary>
    /// The controller's clock now: its reported time, plus half the round trip (the answer was read somewhere in it)
    /// and the real time since it arrived, both accelerated by <paramref name="speed"/>. The error is at most half the
    /// round trip × speed, which is why the shortest of several readings is kept (<see cref="ControllerClock"/>).
    /// </summary>
    public DateTimeOffset ControllerNow(double speed, TimeProvider real)
    {
        ArgumentNullException.ThrowIfNull(real);
        var realSince = (RoundTrip / 2) + real.GetElapsedTime(ReceivedTimestamp);
        return ControllerTime + TimeSpan.FromTicks((long)(realSince.Ticks * speed));
    }

    /// <summary>How far <see cref="ControllerNow"/> can be off, in the controller's (accelerated) time.</summary>
    public TimeSpan Uncertainty(double speed) => TimeSpan.FromTicks((long)(RoundTrip.Ticks / 2 * speed));
}
