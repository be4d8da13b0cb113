using Microsoft.Extensions.Logging;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// Whether the chain is writable, why not, and the writer's last error; logs each change of health once.
/// Thread-safe: the API reads it while the writer's pass updates it.
/// </summary>
internal sealed class ChainHealthTracker(TimeProvider time, ILogger logger, string rpcUrl, long chainId)
{
    private readonly Lock _lock = new();
    private ChainHealth _health = ChainHealth.Unknown;
    private string? _message;
    private DateTimeOffset? _checkedAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public ChainHealth Health
    {
        get
        {
            lock (_lock)
            {
                return _health;
            }
        }
    }

    /// <summary>Records the result of a chain check or a failed send; a message is also the last error.</summary>
    public void Set(ChainHealth health, string? message)
    {
        ChainHealth previous;
        lock (_lock)
        {
            previous = _health;
            _health = health;
            _message = message;
            _checkedAt = time.GetUtcNow();
            if (message is not null)
            {
                _lastError = message;
                _lastErrorAt = _checkedAt;
            }
        }

        if (previous != health)
        {
            if (health == ChainHealth.Healthy)
            {
                logger.LogInformation("Chain writable again ({Url}, chain {ChainId})", rpcUrl, chainId);
            }
            else
            {
                logger.LogWarning("Chain not writable ({Health}): {Message}", health, message);
            }
        }
    }

    /// <summary>An error that says nothing about the chain's health (e.g. the database was briefly unavailable).</summary>
    public void NoteError(string message)
    {
        lock (_lock)
        {
            _lastError = message;
            _lastErrorAt = time.GetUtcNow();
        }
    }

    /// <summary>The state the API shows: this writer's health, the outbox's counts, and whichever last error is newer.</summary>
    public OutboxWriterState Describe(OutboxStats stats, DateTimeOffset? nextAttemptAt)
    {
        lock (_lock)
        {
            return new OutboxWriterState(_health, _message, _checkedAt, stats, _lastError, _lastErrorAt, nextAttemptAt);
        }
    }
}
