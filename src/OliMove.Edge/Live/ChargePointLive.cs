namespace OliMove.Edge.Live;

/// <summary>Connection state of one charge point.</summary>
public sealed record ChargePointLive(string ChargePointId, bool Connected, DateTimeOffset? LastSeenAt, string? FailSafeProblem);
