namespace OliMove.Edge.Api.Views;

/// <summary>A charge point: connection, last contact, problems (fail-safe, profiles), its connectors, the limits the
/// CPO's backend set on it (null when none) and its upstream link to that backend (null when there is none).</summary>
public sealed record ChargePointView(
    string Id,
    string? GroupId,
    string CircuitId,
    bool Connected,
    DateTimeOffset? LastSeenAt,
    IReadOnlyList<string> Problems,
    IReadOnlyList<ConnectorView> Connectors,
    BackendLimitView? BackendLimit = null,
    UpstreamLinkView? Upstream = null);
