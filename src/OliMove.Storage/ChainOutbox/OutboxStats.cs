namespace OliMove.Storage;

public sealed record OutboxStats(
    int PendingCount,
    int SentCount,
    DateTimeOffset? OldestPendingAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long? LastConfirmedBlock,
    DateTimeOffset? LastConfirmedAt)
{
    /// <summary>Items parked as Failed: they can never land as they are, and no longer hold up the queue.</summary>
    public int FailedCount { get; init; }

    /// <summary>The most recently parked item: its key and why ("settlement:tx-7: The contract refused …").</summary>
    public string? LastFailure { get; init; }

    public DateTimeOffset? LastFailureAt { get; init; }
}
