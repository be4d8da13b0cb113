using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Group commit: units of work from many callers that arrive while a commit is in flight go into the next SQLite
/// transaction together, so one fsync makes a whole batch durable instead of one unit each. Every caller is answered
/// only after the transaction holding its work has committed (stored before acknowledged, decision 0042). Each unit
/// runs inside its own savepoint, so bad input fails only its own caller; a storage fault (disk full, I/O error)
/// fails the whole batch, as it would have failed each unit alone. The queue is bounded: when it is full, callers
/// wait to get in, which is what slows the readers of the sockets down (decision 0226).
/// </summary>
internal sealed class GroupCommitQueue
{
    // Prepared once per batch and reused for each unit (WriteScope.Prepared).
    private const string SavepointSql = "SAVEPOINT grouped_write;";
    private const string RollbackSql = "ROLLBACK TO grouped_write;";
    private const string ReleaseSql = "RELEASE grouped_write;";
    private const int SqliteConstraint = 19;

    private readonly WriteGate _gate;
    private readonly int _maxBatch;
    private readonly Channel<GroupedWrite> _queue;
    private readonly Task _loop;
    private readonly Lock _statisticsLock = new();
    private GroupCommitStatistics _statistics;

    public GroupCommitQueue(WriteGate gate, int capacity, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _gate = gate;
        _maxBatch = maxBatch;
        _queue = Channel.CreateBounded<GroupedWrite>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _statistics = new GroupCommitStatistics(0, 0, 0, 0, capacity, 0);
        _loop = Task.Run(RunAsync);
    }

    public GroupCommitStatistics Statistics
    {
        get
        {
            lock (_statisticsLock)
            {
                return _statistics with { QueueDepth = _queue.Reader.Count };
            }
        }
    }

    public async Task<T> EnqueueAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct)
    {
        if (_gate.IsInsideUnitOfWork)
        {
            // The loop would wait for the gate this caller holds.
            throw new InvalidOperationException(
                "WriteGroupedAsync was called inside a unit of work; pass the WriteScope to the repository instead.");
        }

        var write = new GroupedWrite(async scope => await work(scope), ct);
        try
        {
            // Waits while the queue is full: the backpressure reaches the caller, not an unbounded list.
            await _queue.Writer.WriteAsync(write, ct);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(EdgeDatabase));
        }

        NoteDepth(_queue.Reader.Count);
        return (T)(await write.Done)!;
    }

    /// <summary>Takes no more work, commits what is queued, and returns once the last batch has ended.</summary>
    public async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<GroupedWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    // Its caller has gone (e.g. the charger disconnected): nothing was acknowledged, nothing is written.
                    next.Cancel();
                    continue;
                }

                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            Exception? batchError = null;
            try
            {
                await _gate.RunUnitOfWorkAsync(scope => RunBatchAsync(scope, batch), CancellationToken.None);
            }
            catch (Exception error)
            {
                batchError = error;
            }

            // Counted before anyone is answered, so that a caller that has its answer also sees its batch counted.
            NoteBatch(batch.Count);
            foreach (var write in batch)
            {
                if (batchError is not null)
                {
                    // Rolled back as a whole: nobody in it is told their work is stored. Units that already failed
                    // keep their own error.
                    write.Fail(batchError);
                }
                else if (write.Succeeded)
                {
                    write.Commit();
                }
            }
        }
    }

    private static async Task<bool> RunBatchAsync(WriteScope scope, List<GroupedWrite> batch)
    {
        foreach (var write in batch)
        {
            await scope.ExecutePreparedAsync(SavepointSql);
            var mark = scope.AfterCommitMark;
            try
            {
                await write.RunAsync(scope);
            }
            catch (Exception error) when (IsTheUnitsOwnFault(error))
            {
                await scope.ExecutePreparedAsync(RollbackSql);
                scope.DiscardAfterCommitFrom(mark);
                write.Fail(error);
            }

            await scope.ExecutePreparedAsync(ReleaseSql);
        }

        return true;
    }

    /// <summary>
    /// Bad input (validation, a broken constraint, a cancelled caller) belongs to one unit; any other SQLite error is
    /// the storage's and fails the batch, so that the health tracker sees it exactly as before.
    /// </summary>
    private static bool IsTheUnitsOwnFault(Exception error) =>
        error is not SqliteException sqlite || sqlite.SqliteErrorCode == SqliteConstraint;

    private void NoteDepth(int depth)
    {
        lock (_statisticsLock)
        {
            if (depth > _statistics.HighestQueueDepth)
            {
                _statistics = _statistics with { HighestQueueDepth = depth };
            }
        }
    }

    private void NoteBatch(int size)
    {
        lock (_statisticsLock)
        {
            _statistics = _statistics with
            {
                Batches = _statistics.Batches + 1,
                Writes = _statistics.Writes + size,
                LargestBatch = Math.Max(_statistics.LargestBatch, size),
            };
        }
    }
}
