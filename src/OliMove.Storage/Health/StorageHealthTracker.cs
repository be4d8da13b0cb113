using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The state machine behind <see cref="StorageHealth"/>: the first unit of work refused by a <see cref="StorageFault"/>
/// makes the database not writable; a later commit with <see cref="StorageSpaceGauge.RecoveryHeadroomBytes"/> free
/// makes it writable again. Each of those two changes is announced once.
/// </summary>
internal sealed class StorageHealthTracker(TimeProvider time, StorageSpaceGauge space)
{
    private readonly Lock _lock = new();
    private StorageHealth _health = StorageHealth.Initial;

    /// <summary>See <see cref="EdgeDatabase.HealthChanged"/>.</summary>
    public event Action<StorageHealth>? Changed;

    public StorageHealth Current
    {
        get
        {
            lock (_lock)
            {
                return _health;
            }
        }
    }

    /// <summary>A unit of work failed; returns the new health when this fault began an episode of refused writes.</summary>
    public StorageHealth? NoteFailure(Exception error)
    {
        if (StorageFault.Of(error) is not { } fault)
        {
            return null; // the data's problem (a constraint, a bug), not the storage's
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            var wasWritable = _health.Writable;
            _health = _health with
            {
                Writable = false,
                FailingSince = wasWritable ? now : _health.FailingSince,
                RefusedWrites = wasWritable ? 1 : _health.RefusedWrites + 1,
                LastFault = fault,
                LastFaultAt = now,
            };
            return wasWritable ? _health : null;
        }
    }

    /// <summary>
    /// A unit of work committed; returns the new health when it ended an episode of refused writes. Runs on the
    /// write connection inside the write gate, right after the commit, so the measurement sees that commit.
    /// </summary>
    public async Task<StorageHealth?> NoteCommitAsync(SqliteConnection writer)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            _health = _health with { LastCommitAt = now };
            if (_health.Writable)
            {
                return null;
            }
        }

        StorageSpace measured;
        try
        {
            measured = await space.MeasureAsync(writer, CancellationToken.None);
        }
        catch (SqliteException)
        {
            // The write itself committed; only the measurement failed. Stay "not writable" until one succeeds.
            return null;
        }

        if (measured.FreeBytes < space.RecoveryHeadroomBytes)
        {
            return null;
        }

        lock (_lock)
        {
            _health = _health with { Writable = true, FailingSince = null };
            return _health;
        }
    }

    /// <summary>Raises <see cref="Changed"/>; called outside the write gate, so that a handler may start new work.</summary>
    public void Announce(StorageHealth changed) => Changed?.Invoke(changed);
}
