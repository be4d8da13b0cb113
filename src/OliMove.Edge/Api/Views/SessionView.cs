namespace OliMove.Edge.Api.Views;

/// <summary>An OCPP transaction as the operator sees it (the idTag is an identifier, not a secret).</summary>
public sealed record SessionView(
    long TransactionId,
    string SessionId,
    string ChargePointId,
    int ConnectorId,
    string IdTag,
    DateTimeOffset StartedAt,
    DateTimeOffset? StoppedAt,
    long MeterStartWh,
    long? MeterStopWh,
    string? StopReason,
    bool Active);
