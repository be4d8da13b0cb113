namespace OliMove.Edge.Sessions;

/// <summary>
/// What a finished session's settlement is computed from, as SQLite keeps it: the transaction's meter values and
/// times, the charging request it billed (opt-in and declared departure) and the session's P_max.
/// </summary>
/// <param name="StartedAt">StartTransaction's time.</param>
/// <param name="StoppedAt">StopTransaction's time.</param>
/// <param name="MeterStartWh">The energy register at the start (Wh).</param>
/// <param name="MeterStopWh">The energy register at the stop (Wh).</param>
/// <param name="OptedIn">Whether the billed request opted in (only then flexibility and tokens count).</param>
/// <param name="DeclaredDeparture">The billed request's departure, for an opted-in session.</param>
/// <param name="MaxPowerW">The connector's maximum power (P_max), at least 1 W.</param>
public sealed record FinishedSessionFacts(
    DateTimeOffset StartedAt,
    DateTimeOffset StoppedAt,
    long MeterStartWh,
    long MeterStopWh,
    bool OptedIn,
    DateTimeOffset? DeclaredDeparture,
    long MaxPowerW);
