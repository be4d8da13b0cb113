namespace OliMove.SiteMap.Model;

/// <summary>
/// A charge point as OCPP knows it. <see cref="AuthorizationKeyHash"/> is an <see cref="AuthorizationKeyHash"/>
/// string; null means the charge point connects without HTTP Basic authentication.
/// Connectors are ordered by connector id.
/// </summary>
public sealed record ChargePointDefinition(
    string ChargePointId,
    string CircuitId,
    string? AuthorizationKeyHash,
    ChargingRateUnit ChargingRateUnit,
    IReadOnlyList<ConnectorDefinition> Connectors);
