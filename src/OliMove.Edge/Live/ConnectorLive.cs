namespace OliMove.Edge.Live;

/// <summary>What we last heard from one connector and last told it. Null means "never reported".</summary>
public sealed record ConnectorLive(
    string ChargePointId,
    int ConnectorId,
    string? Status,
    string? ErrorCode,
    int? TransactionId,
    double? MeasuredW,
    DateTimeOffset? MeasuredAt,
    double? EnergyRegisterWh,
    double? SocPercent,
    long? SetpointW,
    DateTimeOffset? SetpointAt,
    string? ProfileProblem)
{
    public static ConnectorLive Empty(string chargePointId, int connectorId) =>
        new(chargePointId, connectorId, null, null, null, null, null, null, null, null, null, null);
}
