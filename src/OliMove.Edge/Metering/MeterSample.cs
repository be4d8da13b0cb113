using OliMove.Modbus.Meters;

namespace OliMove.Edge.Metering;

/// <summary>
/// A meter's latest state: the last good reading and when it was taken, and the problem since it (a failed read or a
/// reading refused as implausible) with its time. A good reading clears the problem; while there is one the reading
/// is not used.
/// </summary>
public sealed record MeterSample(string MeterId, MeterPowerReading? Reading, DateTimeOffset? ReadAt, string? Problem, DateTimeOffset? ProblemAt)
{
    public bool IsUsable(DateTimeOffset now, TimeSpan staleAfter) =>
        Reading is not null && ReadAt is { } at && now - at <= staleAfter && !(ProblemAt is { } p && p > at);
}
