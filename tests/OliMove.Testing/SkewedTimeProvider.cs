namespace OliMove.Testing;

/// <summary>A charge point's clock that is wrong by a fixed offset (no NTP, or a flat RTC battery).</summary>
public sealed class SkewedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
