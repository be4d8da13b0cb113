namespace OliMove.Edge.Live;

/// <summary>What we last heard from one connector and last told it. Null means "never reported". Power in whole W.</summary>
/// <remarks>Each reading carries the charger's time of it, so that a message queued during an outage and sent
/// late never replaces a newer reading: <see cref="MeasuredAt"/> for the power, <see cref="EnergyAt"/> for the
/// register, <see cref="SocAt"/> for the SoC. <see cref="TransactionStartedAt"/> and <see cref="TransactionEndedAt"/>
/// tell a replayed or late start from a new one. <see cref="SetpointInForceAt"/> is when the charger accepted the
/// profile that carries <see cref="SetpointW"/> (null while it is being sent, or was refused): only a reading taken
/// after it says what the car does with that setpoint.</remarks>
public sealed record ConnectorLive(
    string ChargePointId,
    int ConnectorId,
    string? Status,
    string? ErrorCode,
    int? TransactionId,
    long? MeasuredW,
    DateTimeOffset? MeasuredAt,
    double? EnergyRegisterWh,
    double? SocPercent,
    long? SetpointW,
    DateTimeOffset? SetpointAt,
    string? ProfileProblem,
    DateTimeOffset? EnergyAt = null,
    DateTimeOffset? SocAt = null,
    DateTimeOffset? TransactionStartedAt = null,
    DateTimeOffset? TransactionEndedAt = null,
    DateTimeOffset? SetpointInForceAt = null)
{
    public static ConnectorLive Empty(string chargePointId, int connectorId) =>
        new(chargePointId, connectorId, null, null, null, null, null, null, null, null, null, null);
}
