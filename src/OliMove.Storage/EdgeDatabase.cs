using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The edge box's one SQLite file. Writes go through a single serialised path (SQLite has one writer)
/// as units of work; reads use their own pooled read-only connections and run concurrently with writes
/// thanks to WAL. Every SQLite error (disk full, I/O error, constraint) surfaces as an exception from
/// the call that caused it and the unit of work is rolled back: nothing is acknowledged that is not on disk.
/// Storage faults (disk or size cap full, I/O errors) are also tracked in <see cref="Health"/>, so the host can
/// report them while they last and notice when writes work again.
/// </summary>
public sealed class EdgeDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    // Detects a WriteAsync nested inside another unit of work, which would otherwise wait for itself forever.
    private readonly AsyncLocal<bool> _insideUnitOfWork = new();
    private readonly TimeProvider _time;
    private readonly long _pageSize;
    private readonly Lock _healthLock = new();
    private StorageHealth _health = StorageHealth.Initial;
    private bool _disposed;

    private EdgeDatabase(string path, SqliteConnection writer, string readConnectionString, int schemaVersion, TimeProvider time, long pageSize, long? maxDatabaseBytes)
    {
        Path = path;
        _writer = writer;
        _readConnectionString = readConnectionString;
        SchemaVersion = schemaVersion;
        _time = time;
        _pageSize = pageSize;
        MaxDatabaseBytes = maxDatabaseBytes;
    }

    /// <summary>
    /// Raised when the database stops taking writes (the first storage fault) and when it takes them again. It
    /// runs on the writer's thread after the unit of work has ended: handlers must be quick and must not throw.
    /// </summary>
    public event Action<StorageHealth>? HealthChanged;

    /// <summary>The file this database lives in.</summary>
    public string Path { get; }

    /// <summary>The schema version of the file after migrations were applied.</summary>
    public int SchemaVersion { get; }

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestSchemaVersion => SchemaMigrator.LatestVersion;

    /// <summary>Every schema version this build knows, ascending (numbers may leave gaps, decision 0159).</summary>
    public static IReadOnlyList<int> KnownSchemaVersions => SchemaMigrator.Versions;

    /// <summary>The size cap in force, in whole pages' bytes (<see cref="EdgeDatabaseSettings.MaxDatabaseBytes"/>), or null.</summary>
    public long? MaxDatabaseBytes { get; }

    /// <summary>
    /// The room that must be free again (<see cref="StorageSpace.FreeBytes"/>) before a commit ends an episode of
    /// refused writes: 1 MiB, or an eighth of a smaller cap, so that the box is not declared healthy while only
    /// the odd small write still fits.
    /// </summary>
    public long RecoveryHeadroomBytes => Math.Min(1024 * 1024, MaxDatabaseBytes is { } max ? max / 8 : long.MaxValue);

    /// <summary>Whether writes are being refused by the storage, since when, and the last fault.</summary>
    public StorageHealth Health
    {
        get
        {
            lock (_healthLock)
            {
                return _health;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the file, switches it to WAL, and applies every pending migration, each in its
    /// own transaction. Throws <see cref="SchemaVersionTooNewException"/> for a file written by a newer
    /// version of the product, and changes nothing in it.
    /// </summary>
    public static Task<EdgeDatabase> OpenAsync(string path, CancellationToken ct = default) =>
        OpenAsync(path, new EdgeDatabaseSettings(), ct);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    /// <param name="settings">The size cap and the clock (see <see cref="EdgeDatabaseSettings"/>).</param>
    public static async Task<EdgeDatabase> OpenAsync(string path, EdgeDatabaseSettings settings, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxDatabaseBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxDatabaseBytes, "MaxDatabaseBytes must be positive");
        }

        var fullPath = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);

        var writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            // The writer lives as long as the database: a pooled copy would only hide who holds the lock.
            Pooling = false,
        }.ToString();
        var readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            // Read connections cannot write, so the single write path is the only way in.
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        var writer = new SqliteConnection(writeConnectionString);
        try
        {
            await writer.OpenAsync(ct);
            var journalMode = await ExecuteScalarAsync(writer, "PRAGMA journal_mode = WAL;", ct);
            if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"SQLite file '{fullPath}' could not be switched to WAL (journal_mode is '{journalMode}').");
            }

            // FULL: each commit is fsynced before it returns, so an acknowledged write survives a crash
            // or a power cut, not only a killed process.
            await ExecuteAsync(writer, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;", ct);
            var version = await SchemaMigrator.MigrateAsync(writer, fullPath, ct);
            var pageSize = Convert.ToInt64(await ExecuteScalarAsync(writer, "PRAGMA page_size;", ct), CultureInfo.InvariantCulture);
            long? maxBytes = null;
            if (settings.MaxDatabaseBytes is { } cap)
            {
                // Per connection, not stored in the file: set on the one connection that writes. Applied after the
                // migrations so that an upgrade can never be stuck half-way on the cap. SQLite keeps it at least at
                // the file's current size.
                var pages = Math.Max(1, cap / pageSize);
                var inForce = Convert.ToInt64(await ExecuteScalarAsync(writer, $"PRAGMA max_page_count = {pages.ToString(CultureInfo.InvariantCulture)};", ct), CultureInfo.InvariantCulture);
                maxBytes = inForce * pageSize;
            }

            return new EdgeDatabase(fullPath, writer, readConnectionString, version, settings.Time, pageSize, maxBytes);
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work: everything it writes through the scope commits
    /// together when it returns, or nothing does if it throws. Units of work run one at a time. Do not
    /// call WriteAsync again from inside <paramref name="work"/>: pass the scope to the repositories.
    /// </summary>
    public async Task WriteAsync(Func<WriteScope, Task> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await WriteAsync<bool>(async scope =>
        {
            await work(scope);
            return true;
        }, ct);
    }

    /// <summary>As <see cref="WriteAsync(Func{WriteScope, Task}, CancellationToken)"/>, returning the work's result after the commit.</summary>
    public async Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_insideUnitOfWork.Value)
        {
            throw new InvalidOperationException(
                "WriteAsync was called inside another unit of work; pass the WriteScope to the repository instead.");
        }

        await _writeGate.WaitAsync(ct);
        StorageHealth? changed = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _insideUnitOfWork.Value = true;
            // BEGIN IMMEDIATE: the write lock is taken up front, so a unit of work never fails half-way
            // on a lock upgrade.
            SqliteTransaction begun;
            try
            {
                begun = (SqliteTransaction)await _writer.BeginTransactionAsync(ct);
            }
            catch (Exception beginError)
            {
                // A lock held too long by another process, an I/O error: the storage refused before any work.
                changed = NoteFailure(beginError);
                throw;
            }

            await using var transaction = begun;
            var scope = new WriteScope(_writer, transaction, ct);
            try
            {
                var result = await work(scope);
                scope.Complete();
                // Not cancellable: once the work is done, committing it is the only consistent outcome.
                await transaction.CommitAsync(CancellationToken.None);
                changed = await NoteCommitAsync();
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

                changed = NoteFailure(original);
                throw;
            }
        }
        finally
        {
            _insideUnitOfWork.Value = false;
            _writeGate.Release();
            // Outside the unit of work, so that a handler may start new work (e.g. a catch-up) without it counting as nested.
            if (changed is not null)
            {
                HealthChanged?.Invoke(changed);
            }
        }
    }

    /// <summary>The database's size, its cap and the room it has left (free pages, the cap, the file system).</summary>
    public Task<StorageSpace> GetSpaceAsync(CancellationToken ct = default) =>
        ReadAsync(connection => MeasureSpaceAsync(connection, ct), ct);

    /// <summary>Runs a read on its own read-only connection; reads run concurrently with each other and with writes.</summary>
    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(ct);
        return await read(connection);
    }

    /// <summary>Writes the WAL back into the main file (e.g. before a backup copy of the file).</summary>
    public Task CheckpointAsync(CancellationToken ct = default) =>
        WriteOutsideTransactionAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);

    /// <summary>Runs a statement on the write connection between units of work (checkpoints; tests limit the file size with it).</summary>
    internal async Task WriteOutsideTransactionAsync(string sql, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(ct);
        try
        {
            await ExecuteAsync(_writer, sql, ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // Wait for the unit of work in flight, so that disposing never cuts a commit.
        await _writeGate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _writer.DisposeAsync();
            await using var reader = new SqliteConnection(_readConnectionString);
            SqliteConnection.ClearPool(reader);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private StorageHealth? NoteFailure(Exception error)
    {
        if (StorageFault.Of(error) is not { } fault)
        {
            return null; // the data's problem (a constraint, a bug), not the storage's
        }

        var now = _time.GetUtcNow();
        lock (_healthLock)
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

    /// <summary>Runs on the write connection inside the gate, right after a commit.</summary>
    private async Task<StorageHealth?> NoteCommitAsync()
    {
        var now = _time.GetUtcNow();
        lock (_healthLock)
        {
            _health = _health with { LastCommitAt = now };
            if (_health.Writable)
            {
                return null;
            }
        }

        StorageSpace space;
        try
        {
            space = await MeasureSpaceAsync(_writer, CancellationToken.None);
        }
        catch (SqliteException)
        {
            // The write itself committed; only the measurement failed. Stay "not writable" until one succeeds.
            return null;
        }

        if (space.FreeBytes < RecoveryHeadroomBytes)
        {
            return null;
        }

        lock (_healthLock)
        {
            _health = _health with { Writable = true, FailingSince = null };
            return _health;
        }
    }

    private async Task<StorageSpace> MeasureSpaceAsync(SqliteConnection connection, CancellationToken ct)
    {
        var pages = Convert.ToInt64(await ExecuteScalarAsync(connection, "PRAGMA page_count;", ct), CultureInfo.InvariantCulture);
        var freePages = Convert.ToInt64(await ExecuteScalarAsync(connection, "PRAGMA freelist_count;", ct), CultureInfo.InvariantCulture);
        var free = freePages * _pageSize + FileSystemFreeBytes();
        if (MaxDatabaseBytes is { } max)
        {
            free = Math.Min(free, Math.Max(0, max - (pages * _pageSize)) + (freePages * _pageSize));
        }

        return new StorageSpace(pages * _pageSize, MaxDatabaseBytes, free);
    }

    /// <summary>Free bytes on the file system that holds the database, for this process's user.</summary>
    private long FileSystemFreeBytes()
    {
        try
        {
            return new DriveInfo(System.IO.Path.GetDirectoryName(Path)!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Unknown: let the cap (or nothing) decide; the next failing write will tell.
            return long.MaxValue / 2;
        }
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ExecuteScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
