namespace OliMove.Storage;

/// <summary>One row of security_events (migration 0014). <paramref name="Origin"/> is "ChargePoint" or "CentralSystem".</summary>
public sealed record SecurityEventRecord(
    long Id,
    string ChargePointId,
    string Type,
    DateTimeOffset OccurredAt,
    string? TechInfo,
    DateTimeOffset ReceivedAt,
    string Origin);
