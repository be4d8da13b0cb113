using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The single write path: the one write connection, used by one unit of work at a time (SQLite has one writer).
/// A unit of work commits as a whole or rolls back as a whole; every outcome is reported to the
/// <see cref="StorageHealthTracker"/>, and a change of health is announced after the gate is released.
/// </summary>
internal sealed class WriteGate(SqliteConnection writer, StorageHealthTracker health, string ownerName, Action? committed = null)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Detects a unit of work nested inside another, which would otherwise wait for itself forever.
    private readonly AsyncLocal<bool> _insideUnitOfWork = new();
    private bool _disposed;

    public bool IsDisposed => _disposed;

    /// <summary>Whether the caller runs inside a unit of work of this gate.</summary>
    public bool IsInsideUnitOfWork => _insideUnitOfWork.Value;

    public async Task<T> RunUnitOfWorkAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct)
    {
        ThrowIfDisposed();
        if (_insideUnitOfWork.Value)
        {
            throw new InvalidOperationException(
                "WriteAsync was called inside another unit of work; pass the WriteScope to the repository instead.");
        }

        await _gate.WaitAsync(ct);
        StorageHealth? changed = null;
        try
        {
            ThrowIfDisposed();
            _insideUnitOfWork.Value = true;
            // BEGIN IMMEDIATE: the write lock is taken up front, so a unit of work never fails half-way
            // on a lock upgrade.
            SqliteTransaction begun;
            try
            {
                begun = (SqliteTransaction)await writer.BeginTransactionAsync(ct);
            }
            catch (Exception beginError)
            {
                // A lock held too long by another process, an I/O error: the storage refused before any work.
                changed = health.NoteFailure(beginError);
                throw;
            }

            await using var transaction = begun;
            var scope = new WriteScope(writer, transaction, ct);
            try
            {
                var result = await work(scope);
                scope.Complete();
                // Not cancellable: once the work is done, committing it is the only consistent outcome.
                await transaction.CommitAsync(CancellationToken.None);
                // Still inside the gate: the next unit's actions cannot overtake these.
                scope.RunAfterCommit();
                committed?.Invoke();
                changed = await health.NoteCommitAsync(writer);
                return result;
            }
            catch (Exception original)
            {
                scope.Complete();
                try
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                }
                catch (SqliteException rollbackError)
                {
                    // After SQLITE_FULL or SQLITE_IOERR, SQLite may have rolled back on its own. The caller
                    // needs the original error (e.g. disk full) with its type; the failed clean-up rides along.
                    original.Data["RollbackError"] = rollbackError;
                }

                changed = health.NoteFailure(original);
                throw;
            }
        }
        finally
        {
            _insideUnitOfWork.Value = false;
            _gate.Release();
            // Outside the unit of work, so that a handler may start new work (e.g. a catch-up) without it counting as nested.
            if (changed is not null)
            {
                health.Announce(changed);
            }
        }
    }

    /// <summary>Runs a statement on the write connection between units of work.</summary>
    public async Task RunOutsideTransactionAsync(string sql, CancellationToken ct)
    {
        ThrowIfDisposed();
        await _gate.WaitAsync(ct);
        try
        {
            await SqliteStatements.ExecuteAsync(writer, sql, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the write connection once the unit of work in flight has ended, so that disposing never cuts a commit.</summary>
    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await writer.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(ownerName);
        }
    }
}
