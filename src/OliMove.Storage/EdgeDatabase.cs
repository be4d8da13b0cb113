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
/// <remarks>
/// This class opens the file and hands out its connections; the write path is the <see cref="WriteGate"/>,
/// the health state machine the <see cref="StorageHealthTracker"/>, the room left the <see cref="StorageSpaceGauge"/>.
/// </remarks>
public sealed class EdgeDatabase : IAsyncDisposable
{
    private readonly string _readConnectionString;
    private readonly StorageSpaceGauge _space;
    private readonly StorageHealthTracker _health;
    private readonly WriteGate _writes;
    private readonly GroupCommitQueue _grouped;
    private readonly SemaphoreSlim _readSlots;
    private readonly WalCheckpointer _checkpointer;

    private EdgeDatabase(string path, SqliteConnection writer, string readConnectionString, string checkpointConnectionString, int schemaVersion, EdgeDatabaseSettings settings, long pageSize, long? maxDatabaseBytes)
    {
        Path = path;
        _readConnectionString = readConnectionString;
        SchemaVersion = schemaVersion;
        _space = new StorageSpaceGauge(path, pageSize, maxDatabaseBytes);
        _health = new StorageHealthTracker(settings.Time, _space);
        _checkpointer = new WalCheckpointer(checkpointConnectionString, settings.Time, settings.CheckpointInterval);
        _writes = new WriteGate(writer, _health, typeof(EdgeDatabase).FullName!, _checkpointer.NoteCommit);
        _grouped = new GroupCommitQueue(_writes, settings.GroupCommitCapacity, settings.GroupCommitMaxBatch);
        _readSlots = new SemaphoreSlim(settings.MaxConcurrentReads, settings.MaxConcurrentReads);
        MaxConcurrentReads = settings.MaxConcurrentReads;
    }

    /// <summary>
    /// Raised when the database stops taking writes (the first storage fault) and when it takes them again. It
    /// runs on the writer's thread after the unit of work has ended: handlers must be quick and must not throw.
    /// </summary>
    public event Action<StorageHealth>? HealthChanged
    {
        add => _health.Changed += value;
        remove => _health.Changed -= value;
    }

    /// <summary>The file this database lives in.</summary>
    public string Path { get; }

    /// <summary>The schema version of the file after migrations were applied.</summary>
    public int SchemaVersion { get; }

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestSchemaVersion => SchemaMigrator.LatestVersion;

    /// <summary>The versions of every embedded migration, ascending (numbers may have gaps; decision 0022).</summary>
    public static IReadOnlyList<int> KnownSchemaVersions => SchemaMigrator.KnownVersions;

    /// <summary>The size cap in force, in whole pages' bytes (<see cref="EdgeDatabaseSettings.MaxDatabaseBytes"/>), or null.</summary>
    public long? MaxDatabaseBytes => _space.MaxDatabaseBytes;

    /// <summary>
    /// The room that must be free again (<see cref="StorageSpace.FreeBytes"/>) before a commit ends an episode of
    /// refused writes: 1 MiB, or an eighth of a smaller cap, so that the box is not declared healthy while only
    /// the odd small write still fits.
    /// </summary>
    public long RecoveryHeadroomBytes => _space.RecoveryHeadroomBytes;

    /// <summary>Whether writes are being refused by the storage, since when, and the last fault.</summary>
    public StorageHealth Health => _health.Current;

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

        if (settings.SqliteSoftHeapLimitBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.SqliteSoftHeapLimitBytes, "SqliteSoftHeapLimitBytes must be positive");
        }

        if (settings.MaxConcurrentReads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxConcurrentReads, "MaxConcurrentReads must be at least 1");
        }

        if (settings.CheckpointInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.CheckpointInterval, "CheckpointInterval must not be negative");
        }

        if (settings.GroupCommitCapacity < 1 || settings.GroupCommitMaxBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "GroupCommitCapacity and GroupCommitMaxBatch must be at least 1");
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
            if (settings.SqliteSoftHeapLimitBytes is { } limit)
            {
                // Process-wide and advisory: near it SQLite reuses cache pages instead of growing, and never fails an
                // allocation for it. Set once a connection is open, so that SQLite's native library is loaded.
                SQLitePCL.raw.sqlite3_soft_heap_limit64(limit);
            }

            var journalMode = await SqliteStatements.ScalarAsync(writer, "PRAGMA journal_mode = WAL;", ct);
            if (!string.Equals(journalMode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"SQLite file '{fullPath}' could not be switched to WAL (journal_mode is '{journalMode}').");
            }

            // FULL: each commit is fsynced before it returns, so an acknowledged write survives a crash
            // or a power cut, not only a killed process.
            await SqliteStatements.ExecuteAsync(writer, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;", ct);
            var version = await SchemaMigrator.MigrateAsync(writer, fullPath, ct);
            await SqliteStatements.ExecuteAsync(writer, $"PRAGMA wal_autocheckpoint = {WalCheckpointer.WriterSafetyNetPages};", ct);
            var pageSize = Convert.ToInt64(await SqliteStatements.ScalarAsync(writer, "PRAGMA page_size;", ct), CultureInfo.InvariantCulture);
            long? maxBytes = null;
            if (settings.MaxDatabaseBytes is { } cap)
            {
                // Per connection, not stored in the file: set on the one connection that writes. Applied after the
                // migrations so that an upgrade can never be stuck half-way on the cap. SQLite keeps it at least at
                // the file's current size.
                var pages = Math.Max(1, cap / pageSize);
                var inForce = Convert.ToInt64(await SqliteStatements.ScalarAsync(writer, $"PRAGMA max_page_count = {pages.ToString(CultureInfo.InvariantCulture)};", ct), CultureInfo.InvariantCulture);
                maxBytes = inForce * pageSize;
            }

            // The background checkpoint's own connection (decision 0388): it writes only pages already committed.
            var checkpointConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = fullPath,
                Mode = SqliteOpenMode.ReadWrite,
                Cache = SqliteCacheMode.Private,
                Pooling = false,
            }.ToString();
            return new EdgeDatabase(fullPath, writer, readConnectionString, checkpointConnectionString, version, settings, pageSize, maxBytes);
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
    public Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _writes.RunUnitOfWorkAsync(work, ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work that shares its transaction with the others waiting at the time
    /// (group commit, decision 0225): the returned task completes once that transaction has committed, so a caller
    /// acknowledges only what is on disk. If the work throws, its own writes are undone (a savepoint) and the error
    /// comes back to this caller alone; a storage fault fails every unit of the batch. When the queue is full the
    /// call waits to get in (backpressure). Use it for small, independent writes that arrive in bursts from many
    /// callers (OCPP frames); do not call it from inside a unit of work.
    /// </summary>
    public Task<T> WriteGroupedAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_writes.IsDisposed, this);
        return _grouped.EnqueueAsync(work, ct);
    }

    /// <inheritdoc cref="WriteGroupedAsync{T}(Func{WriteScope, Task{T}}, CancellationToken)"/>
    public Task WriteGroupedAsync(Func<WriteScope, Task> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteGroupedAsync<bool>(async scope =>
        {
            await work(scope);
            return true;
        }, ct);
    }

    /// <summary>The charge points read so far, kept current by <see cref="ChargePointRepository"/>'s writes (one per file).</summary>
    internal ChargePointCache ChargePoints { get; } = new();

    /// <summary>WAL checkpoints run beside the writer so far (decision 0388).</summary>
    public long BackgroundCheckpoints => _checkpointer.Checkpoints;

    /// <summary>What the group commit has done so far and how full its queue is.</summary>
    public GroupCommitStatistics GroupCommits => _grouped.Statistics;

    /// <summary>The database's size, its cap and the room it has left (free pages, the cap, the file system).</summary>
    public Task<StorageSpace> GetSpaceAsync(CancellationToken ct = default) =>
        ReadAsync(connection => _space.MeasureAsync(connection, ct), ct);

    /// <summary>The most reads that run at once (<see cref="EdgeDatabaseSettings.MaxConcurrentReads"/>).</summary>
    public int MaxConcurrentReads { get; }

    /// <summary>How many reads are running now (at most <see cref="MaxConcurrentReads"/>; the others wait).</summary>
    public int ReadsRunning => MaxConcurrentReads - _readSlots.CurrentCount;

    /// <summary>
    /// Runs a read on its own read-only connection; reads run concurrently with each other and with writes, at most
    /// <see cref="MaxConcurrentReads"/> at once (the others wait in turn without holding a thread), so the pool of read
    /// connections never holds more than that (decision 0333). A read must not start another read from inside itself.
    /// </summary>
    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_writes.IsDisposed, this);
        await _readSlots.WaitAsync(ct);
        try
        {
            await using var connection = new SqliteConnection(_readConnectionString);
            await connection.OpenAsync(ct);
            return await read(connection);
        }
        finally
        {
            _readSlots.Release();
        }
    }

    /// <summary>Writes the WAL back into the main file (e.g. before a backup copy of the file).</summary>
    public Task CheckpointAsync(CancellationToken ct = default) =>
        WriteOutsideTransactionAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);

    /// <summary>Runs a statement on the write connection between units of work (checkpoints; tests limit the file size with it).</summary>
    internal Task WriteOutsideTransactionAsync(string sql, CancellationToken ct) =>
        _writes.RunOutsideTransactionAsync(sql, ct);

    public async ValueTask DisposeAsync()
    {
        if (_writes.IsDisposed)
        {
            return;
        }

        // Grouped work already queued still commits and is answered; nothing new gets in.
        await _grouped.DrainAsync();
        await _checkpointer.DisposeAsync();
        await _writes.DisposeAsync();
        await using var reader = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(reader);
    }
}
