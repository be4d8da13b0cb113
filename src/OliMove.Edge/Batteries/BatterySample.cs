namespace OliMove.Edge.Batteries;

/// <summary>
/// A battery's latest state: the last good reading and when, the problem since it and when (a good reading clears
/// it; while there is one the reading is not used), the setpoint wanted, the one written (since when, and when last rewritten), and the last
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
    /// <summary>
    /// Without a measured power: the state of charge and the time at which the current judgement window of the written
    /// setpoint began (decision 0350), and the setpoint's start it belongs to (a new setpoint starts a new window).
    /// </summary>
    public (double SocPercent, DateTimeOffset At, DateTimeOffset SetpointSince)? SocMark { get; init; }

    /// <summary>True when the last "not following" was judged from the state of charge or ChaSt, not from a measured power.</summary>
    public bool MismatchEstimated { get; init; }

    public bool IsUsable(DateTimeOffset now, TimeSpan staleAfter) =>
        Reading is not null && ReadAt is { } at && now - at <= staleAfter && !(ProblemAt is { } p && p > at);
}
