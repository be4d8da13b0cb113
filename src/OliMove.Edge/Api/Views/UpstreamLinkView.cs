namespace OliMove.Edge.Api.Views;

/// <summary>A charge point's link to the CPO's backend: up or down since when, transaction messages waiting,
/// the last error, and the backend's faults counted since start.</summary>
public sealed record UpstreamLinkView(
    bool Connected,
    DateTimeOffset Since,
    int QueuedMessages,
    string? LastError,
    long CallErrors,
    long InvalidPayloads,
    long Timeouts,
    long Dropped);
