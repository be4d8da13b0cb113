namespace OliMove.Edge.Api.Views;

/// <summary>A charge point: connection, last contact, problems (fail-safe, profiles), its connectors, and its
/// upstream link to the CPO's backend (null when there is none).</summary>
public sealed record ChargePointView(
    string Id,
    string? GroupId,
    string CircuitId,
    bool Connected,
    DateTimeOffset? LastSeenAt,
    IReadOnlyList<string> Problems,
    IReadOnlyList<ConnectorView> Connectors,
    UpstreamLinkView? Upstream = null);
