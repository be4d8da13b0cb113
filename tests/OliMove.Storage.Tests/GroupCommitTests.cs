using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>
/// Group commit (decision 0225): units of work of many callers share a transaction, each caller is answered only once
/// its transaction has committed, bad input fails only its own caller, and the queue in front of the writer is bounded
/// (decision 0226). The writer is held busy with an ordinary unit of work so that batches form deterministically.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly TempDatabaseFile _file = new();
    // Lets the unit of work that holds the writer go, also when a test fails before it does so itself (the
    // database would otherwise wait for it forever on dispose).
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EdgeDatabase? _db;

    private static DateTimeOffset T0 => TestSite.T0;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        await _file.DisposeAsync();
    }

    [Fact]
    public async Task Many_concurrent_writers_are_each_answered_only_once_their_row_is_committed()
    {
        var db = await OpenAsync(new EdgeDatabaseSettings());
        var meterValues = new MeterValueRepository(db);
        var notVisibleAtAck = 0;

        var writers = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            await db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(i)]));
            // A fresh connection of its own sees only what is committed to the file.
            if (await CountAsync($"SELECT COUNT(*) FROM meter_values WHERE value = {i}") != 1)
            {
                Interlocked.Increment(ref notVisibleAtAck);
            }
        })).ToArray();
        await Task.WhenAll(writers);

        notVisibleAtAck.Should().Be(0, "a caller is answered only after its batch is durable");
        (await CountAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(200);
        var stats = db.GroupCommits;
        stats.Writes.Should().Be(200);
        stats.Batches.Should().BeLessThanOrEqualTo(200);
    }

    [Fact]
    public async Task Writes_that_arrive_while_a_commit_is_in_flight_share_the_next_transaction()
    {
        var db = await OpenAsync(new EdgeDatabaseSettings());
        var meterValues = new MeterValueRepository(db);
        var release = _release;
        var entered = new TaskCompletionSource();
        var busy = db.WriteAsync(async _ =>
        {
            entered.SetResult();
            await release.Task;
        });
        await entered.Task;

        // The loop takes the first unit and waits for the writer with it; the 49 after it then wait in the queue.
        var first = db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(0)]));
        await Poll.UntilAsync(() => db.GroupCommits.QueueDepth == 0, "the loop took the first unit");
        var writers = Enumerable.Range(1, 49).Select(i => db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(i)]))).Prepend(first).ToArray();
        await Poll.UntilAsync(() => db.GroupCommits.QueueDepth == 49, "the grouped writes are queued");
        writers.Should().OnlyContain(w => !w.IsCompleted, "nothing is acknowledged before it is committed");
        (await CountAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(0);

        release.TrySetResult();
        await busy;
        await Task.WhenAll(writers);

        var stats = db.GroupCommits;
        stats.Writes.Should().Be(50);
        stats.Batches.Should().Be(2, "the first unit alone, then the 49 that arrived while it waited in one transaction");
        stats.LargestBatch.Should().Be(49);
        (await CountAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(50);
    }

    [Fact]
    public async Task A_unit_that_fails_is_undone_alone_and_the_rest_of_its_batch_commits()
    {
        var db = await OpenAsync(new EdgeDatabaseSettings());
        var meterValues = new MeterValueRepository(db);
        var release = _release;
        var busy = db.WriteAsync(_ => release.Task);

        var before = db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(1)]));
        await Poll.UntilAsync(() => db.GroupCommits.QueueDepth == 0, "the loop took the first unit");
        // Writes a row, then fails on bad input: its row must not survive.
        var halfDone = db.WriteGroupedAsync(async scope =>
        {
            await meterValues.AddAsync(scope, [Sample(2)]);
            await meterValues.AddAsync(scope, [Sample(3) with { Value = double.NaN }]);
        });
        // Breaks a foreign key (an unknown charge point): SQLite's constraint error is this unit's alone too.
        var unknownChargePoint = db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(4) with { ChargePointId = "NOT-IN-SITE" }]));
        var after = db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(5)]));
        await Poll.UntilAsync(() => db.GroupCommits.QueueDepth == 3, "the grouped writes are queued");
        release.TrySetResult();
        await busy;

        await before;
        await after;
        await halfDone.Invoking(t => t).Should().ThrowAsync<ArgumentException>();
        (await unknownChargePoint.Invoking(t => t).Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(19);
        (await CountAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(2);
        (await CountAsync("SELECT COUNT(*) FROM meter_values WHERE value IN (1, 5)")).Should().Be(2);
        db.GroupCommits.Batches.Should().Be(2, "the first unit alone, then the three queued behind it in one transaction");
        db.Health.Writable.Should().BeTrue("bad input is not a storage fault");
    }

    [Fact]
    public async Task The_queue_is_bounded_and_callers_beyond_it_wait_to_get_in()
    {
        var db = await OpenAsync(new EdgeDatabaseSettings { GroupCommitCapacity = 4, GroupCommitMaxBatch = 3 });
        var meterValues = new MeterValueRepository(db);
        var release = _release;
        var busy = db.WriteAsync(_ => release.Task);

        var writers = Enumerable.Range(0, 20).Select(i => db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(i)]))).ToArray();
        await Poll.UntilAsync(() => db.GroupCommits.QueueDepth == 4, "the queue is full");
        db.GroupCommits.QueueDepth.Should().Be(4, "callers beyond the capacity wait outside the queue");
        release.TrySetResult();
        await busy;
        await Task.WhenAll(writers);

        var stats = db.GroupCommits;
        stats.HighestQueueDepth.Should().BeLessThanOrEqualTo(4);
        stats.LargestBatch.Should().BeLessThanOrEqualTo(3);
        stats.Writes.Should().Be(20);
        (await CountAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(20, "waiting callers lose nothing");
    }

    [Fact]
    public async Task A_caller_that_gives_up_while_queued_gets_a_cancellation_and_nothing_is_written()
    {
        var db = await OpenAsync(new EdgeDatabaseSettings());
        var meterValues = new MeterValueRepository(db);
        var release = _release;
        var busy = db.WriteAsync(_ => release.Task);
        var first = db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(1)]));
        // The loop takes the first write and waits for the writer with it; the second then waits in the queue.
        await Poll.UntilAsync(() => db.GroupCommits.QueueDepth == 0, "the first write is taken");
        using var leaving = new CancellationTokenSource();
        var gone = db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(2)], leaving.Token), leaving.Token);
        await Poll.UntilAsync(() => db.GroupCommits.QueueDepth == 1, "the second write is queued");
        await leaving.CancelAsync();
        release.TrySetResult();
        await busy;

        await first;
        await gone.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        (await CountAsync("SELECT COUNT(*) FROM meter_values WHERE value = 2")).Should().Be(0);
        (await CountAsync("SELECT COUNT(*) FROM meter_values WHERE value = 1")).Should().Be(1);
    }

    [Fact]
    public async Task Grouped_writing_from_inside_a_unit_of_work_is_refused_instead_of_waiting_forever()
    {
        var db = await OpenAsync(new EdgeDatabaseSettings());
        var meterValues = new MeterValueRepository(db);

        var nested = db.WriteAsync(_ => db.WriteGroupedAsync(scope => meterValues.AddAsync(scope, [Sample(1)])));

        await nested.Invoking(t => t).Should().ThrowAsync<InvalidOperationException>();
        (await CountAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(0);
    }

    private async Task<EdgeDatabase> OpenAsync(EdgeDatabaseSettings settings)
    {
        _db = await EdgeDatabase.OpenAsync(_file.Path, settings);
        await new ChargePointRepository(_db).SyncFromSiteMapAsync(TestSite.Site(TestSite.ChargePoints), T0);
        return _db;
    }

    private static MeterSample Sample(int i) =>
        new("CP-1", 1, null, T0.AddSeconds(i), "Power.Active.Import", null, "Sample.Periodic", i, "W");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
