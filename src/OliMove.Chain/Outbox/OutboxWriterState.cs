namespace OliMove.Chain;

/// <summary>What the API shows about the chain outbox.</summary>
/// <param name="HealthMessage">A plain sentence when the chain is not usable, e.g. "no contract code at AssetStatus 0x…".</param>
/// <param name="LastError">The most recent error, from the chain check or an item.</param>
/// <param name="NextAttemptAt">When the writer tries again after a failure (null while healthy).</param>
public sealed record OutboxWriterState(
    ChainHealth Health,
    string? HealthMessage,
    DateTimeOffset? HealthCheckedAt,
    int PendingCount,
    int SentCount,
    DateTimeOffset? OldestPendingAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long? LastConfirmedBlock,
    DateTimeOffset? LastConfirmedAt,
    DateTimeOffset? NextAttemptAt);
