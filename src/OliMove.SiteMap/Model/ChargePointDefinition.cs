namespace OliMove.SiteMap.Model;

/// <summary>
/// A charge point as OCPP knows it. <see cref="AuthorizationKeyHash"/> is an <see cref="AuthorizationKeyHash"/>
/// string; null means the charge point connects without HTTP Basic authentication.
/// Connectors are ordered by connector id. <see cref="Upstream"/> false keeps the charge point off the
/// upstream link to the CPO's backend (site map <c>upstream: false</c>).
/// </summary>
public sealed record ChargePointDefinition(
    string ChargePointId,
    string CircuitId,
    string? AuthorizationKeyHash,
    ChargingRateUnit ChargingRateUnit,
    IReadOnlyList<ConnectorDefinition> Connectors,
    bool Upstream = true);
