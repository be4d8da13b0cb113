namespace OliMove.Edge.WebTests;

/// <summary>The real clock plus an offset a test can move forward, to step past a window (a card claim's 10 minutes) without waiting.</summary>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
