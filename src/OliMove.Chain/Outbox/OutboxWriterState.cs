using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// What the API shows about the chain outbox: the writer's view of the chain, with the outbox's own counters
/// (<see cref="OutboxStats"/>) alongside, flat, as the API has always shown them.
/// </summary>
public sealed record OutboxWriterState
{
    private readonly OutboxStats _outbox;

    /// <param name="lastError">The writer's own last error; shown instead of the outbox's when it is as new or newer.</param>
    /// <param name="lastErrorAt">When the writer's own last error happened.</param>
    public OutboxWriterState(
        ChainHealth health,
        string? healthMessage,
        DateTimeOffset? healthCheckedAt,
        OutboxStats outbox,
        string? lastError,
        DateTimeOffset? lastErrorAt,
        DateTimeOffset? nextAttemptAt)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        Health = health;
        HealthMessage = healthMessage;
        HealthCheckedAt = healthCheckedAt;
        _outbox = outbox;
        var ownIsNewer = lastErrorAt is { } own && (outbox.LastErrorAt is null || own >= outbox.LastErrorAt);
        LastError = ownIsNewer ? lastError : outbox.LastError;
        LastErrorAt = ownIsNewer ? lastErrorAt : outbox.LastErrorAt;
        NextAttemptAt = nextAttemptAt;
    }

    public ChainHealth Health { get; }

    /// <summary>A plain sentence when the chain is not usable, e.g. "no contract code at AssetStatus 0x…".</summary>
    public string? HealthMessage { get; }

    public DateTimeOffset? HealthCheckedAt { get; }

    public int PendingCount => _outbox.PendingCount;

    public int SentCount => _outbox.SentCount;

    public DateTimeOffset? OldestPendingAt => _outbox.OldestPendingAt;

    /// <summary>Items parked as Failed (they can never land as they are): an alert for the operator, not a blocked queue.</summary>
    public int FailedCount => _outbox.FailedCount;

    /// <summary>The most recently parked item's key and reason.</summary>
    public string? LastFailure => _outbox.LastFailure;

    public DateTimeOffset? LastFailureAt => _outbox.LastFailureAt;

    /// <summary>The most recent error, from the chain check or an item.</summary>
    public string? LastError { get; }

    public DateTimeOffset? LastErrorAt { get; }

    public long? LastConfirmedBlock => _outbox.LastConfirmedBlock;

    public DateTimeOffset? LastConfirmedAt => _outbox.LastConfirmedAt;

    /// <summary>When the writer tries again after a failure (null while healthy).</summary>
    public DateTimeOffset? NextAttemptAt { get; }
}
