namespace OliMove.Edge.Api.Views;

/// <summary>A charge point: connection, last contact, problems (fail-safe, profiles) and its connectors.</summary>
public sealed record ChargePointView(
    string Id,
    string? GroupId,
    string CircuitId,
    bool Connected,
    DateTimeOffset? LastSeenAt,
    IReadOnlyList<string> Problems,
    IReadOnlyList<ConnectorView> Connectors);
