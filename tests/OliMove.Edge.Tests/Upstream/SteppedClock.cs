namespace OliMove.Edge.Tests.Upstream;

/// <summary>A charger's clock that runs with real time and can be moved forward by hand: the hours of an outage
/// pass in seconds, and every message still carries the time it was taken at.</summary>
public sealed class SteppedClock(TimeSpan start) : TimeProvider
{
    private long _offsetTicks = start.Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
