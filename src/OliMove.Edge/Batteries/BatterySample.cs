namespace OliMove.Edge.Batteries;

/// <summary>
/// A battery's latest state: the last good reading and when, the last problem and when (newer than the reading: the
/// reading is not used), the setpoint wanted, the one written (since when, and when last rewritten), and the last
/// time its measured power missed the written setpoint, with what it did then.
/// </summary>
internal sealed record BatterySample(
    BatteryReading? Reading,
    DateTimeOffset? ReadAt,
    string? Problem,
    DateTimeOffset? ProblemAt,
    long? DesiredW,
    long? WrittenW,
    DateTimeOffset? WrittenAt,
    DateTimeOffset? RewrittenAt,
    DateTimeOffset? MismatchAt,
    long? MismatchPowerW)
{
    public bool IsUsable(DateTimeOffset now, TimeSpan staleAfter) =>
        Reading is not null && ReadAt is { } at && now - at <= staleAfter && !(ProblemAt is { } p && p > at);
}
