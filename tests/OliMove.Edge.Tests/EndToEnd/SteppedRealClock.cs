namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>A real-time clock that moves only when the test steps it (timestamps in ticks), for code that measures round trips.</summary>
public sealed class SteppedRealClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Step(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
