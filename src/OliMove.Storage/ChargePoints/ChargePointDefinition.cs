namespace OliMove.Storage;

/// <summary>A charge point as the site map describes it. <paramref name="AuthorizationKeyHash"/> is stored as given.</summary>
public sealed record ChargePointDefinition(
    string Id,
    string GroupId,
    string CircuitId,
    string? EvseId,
    string? AuthorizationKeyHash,
    IReadOnlyList<ConnectorDefinition> Connectors);
