namespace OliMove.Edge.Live;

/// <summary>Connection state of one charge point.</summary>
public sealed record ChargePointLive(string ChargePointId, bool Connected, DateTimeOffset? LastSeenAt, string? FailSafeProblem)
{
    /// <summary>
    /// Silent: no connection and no message for <paramref name="silentAfter"/>. A connected charger is not silent,
    /// since the endpoint closes a socket whose WebSocket pings go unanswered. One never seen at all is silent.
    /// </summary>
    public bool IsSilent(DateTimeOffset now, TimeSpan silentAfter) =>
        !Connected && (LastSeenAt is not { } seen || now - seen >= silentAfter);
}
