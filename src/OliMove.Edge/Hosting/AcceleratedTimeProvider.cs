namespace OliMove.Edge.Hosting;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than real time from a chosen start, for the demo
/// (one 15-minute slot every few seconds). Timers scale their due times the same way, so
/// <c>Task.Delay(t, provider)</c> and <c>PeriodicTimer</c> keep pace with <see cref="GetUtcNow"/>.
/// Never used on a real site.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _realStartTimestamp;

    public AcceleratedTimeProvider(DateTimeOffset start, double speed)
    {
        if (speed is <= 0 or > 100_000 || double.IsNaN(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be in (0, 100000]");
        }

        _start = start;
        Speed = speed;
        _realStartTimestamp = System.GetTimestamp();
    }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow()
    {
        var real = System.GetElapsedTime(_realStartTimestamp);
        return _start + TimeSpan.FromTicks((long)(real.Ticks * Speed));
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks(Math.Max(0, (long)(span.Ticks / Speed)));
}
