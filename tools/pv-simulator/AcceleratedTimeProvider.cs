using System.Diagnostics;

namespace OliMove.Tools.PvSimulator;

/// <summary>A clock that starts at a chosen instant and runs <c>speed</c> times faster than real time (demo only).</summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly double _speed;
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();

    public AcceleratedTimeProvider(DateTimeOffset start, double speed)
    {
        if (!(speed > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be > 0.");
        }

        _start = start;
        _speed = speed;
    }

    public override DateTimeOffset GetUtcNow() =>
        _start + TimeSpan.FromTicks((long)(Stopwatch.GetElapsedTime(_startTimestamp).Ticks * _speed));
}
