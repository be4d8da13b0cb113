namespace OliMove.Edge.Upstream;

/// <summary>What an operator sees of one charger's upstream link (API and cockpit).</summary>
public sealed record UpstreamLinkState(
    bool Connected,
    DateTimeOffset Since,
    int QueuedMessages,
    string? LastError,
    UpstreamLinkCounters Counters);
