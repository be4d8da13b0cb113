using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The edge box's one SQLite file. Writes go through a single serialised path (SQLite has one writer)
/// as units of work; reads use their own pooled read-only connections and run concurrently with writes
/// thanks to WAL. Every SQLite error (disk full, I/O error, constraint) surfaces as an exception from
/// the call that caused it and the unit of work is rolled back: nothing is acknowledged that is not on disk.
/// </summary>
public sealed class EdgeDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    // Detects a WriteAsync nested inside another unit of work, which would otherwise wait for itself forever.
    private readonly AsyncLocal<bool> _insideUnitOfWork = new();
    private bool _disposed;

    private EdgeDatabase(string path, SqliteConnection writer, string readConnectionString, int schemaVersion)
    {
        Path = path;
        _writer = writer;
        _readConnectionString = readConnectionString;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The file this database lives in.</summary>
    public string Path { get; }

    /// <summary>The schema version of the file after migrations were applied.</summary>
    public int SchemaVersion { get; }

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestSchemaVersion => SchemaMigrator.LatestVersion;

    /// <summary>
    /// Opens (or creates) the file, switches it to WAL, and applies every pending migration, each in its
    /// own transaction. Throws <see cref="SchemaVersionTooNewException"/> for a file written by a newer
    /// version of the product, and changes nothing in it.
    /// </summary>
    public static async Task<EdgeDatabase> OpenAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
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
            return new EdgeDatabase(fullPath, writer, readConnectionString, version);
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
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _insideUnitOfWork.Value = true;
            // BEGIN IMMEDIATE: the write lock is taken up front, so a unit of work never fails half-way
            // on a lock upgrade.
            await using var transaction = (SqliteTransaction)await _writer.BeginTransactionAsync(ct);
            var scope = new WriteScope(_writer, transaction, ct);
            try
            {
                var result = await work(scope);
                scope.Complete();
                // Not cancellable: once the work is done, committing it is the only consistent outcome.
                await transaction.CommitAsync(CancellationToken.None);
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

                throw;
            }
        }
        finally
        {
            _insideUnitOfWork.Value = false;
            _writeGate.Release();
        }
    }

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
