using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Copies committed pages from the WAL back into the database file on a connection of its own, so that the checkpoint
/// (page copies and an fsync of the file) no longer runs inside a commit on the single write path (decision 0388).
/// With SQLite's default, the commit that takes the WAL past 1,000 pages checkpoints it before it returns, and every
/// grouped caller of that batch and of the batches queued behind it waits: at 8,000 MeterValues/s that is about once a
/// second, and it is what the p99 is made of. A PASSIVE checkpoint runs beside the writer and waits for nobody. The
/// writer keeps an automatic checkpoint only as a safety net (<see cref="WriterSafetyNetPages"/>): if this one falls
/// behind or its clock is a test's, the WAL still stays bounded. It checkpoints after commits, at most once an
/// <see cref="EdgeDatabaseSettings.CheckpointInterval"/>, and not at all while nothing is written.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>The writer's own automatic checkpoint, in pages: 40 MB of WAL at 4 KiB pages.</summary>
    public const int WriterSafetyNetPages = 10_000;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Channel<bool> _commits = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _checkpoints;
    private long _failures;

    public WalCheckpointer(string connectionString, TimeProvider time, TimeSpan interval)
    {
        _connectionString = connectionString;
        _time = time;
        _interval = interval;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Checkpoints run so far.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Checkpoints that failed (e.g. a full disk); the WAL keeps the pages and the next one tries again.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Called by the write gate after each commit: cheap, never waits.</summary>
    public void NoteCommit() => _commits.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        _commits.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        try
        {
            while (await _commits.Reader.WaitToReadAsync(_stop.Token))
            {
                _commits.Reader.TryRead(out _);
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connectionString);
                        await connection.OpenAsync(_stop.Token);
                    }

                    // PASSIVE: copies what no reader still needs, without waiting for readers or the writer.
                    await SqliteStatements.ExecuteAsync(connection, "PRAGMA wal_checkpoint(PASSIVE);", _stop.Token);
                    Interlocked.Increment(ref _checkpoints);
                }
                catch (SqliteException)
                {
                    // The pages stay in the WAL (committed and durable there); the writer's safety net bounds it.
                    Interlocked.Increment(ref _failures);
                }

                await Task.Delay(_interval, _time, _stop.Token);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
