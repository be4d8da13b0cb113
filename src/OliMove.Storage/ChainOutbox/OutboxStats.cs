namespace OliMove.Storage;

public sealed record OutboxStats(
    int PendingCount,
    int SentCount,
    DateTimeOffset? OldestPendingAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long? LastConfirmedBlock,
    DateTimeOffset? LastConfirmedAt);
