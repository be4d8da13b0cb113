namespace OliMove.Storage.Tests;

/// <summary>
/// Reads run at most <see cref="EdgeDatabaseSettings.MaxConcurrentReads"/> at once (decision 0333): the others wait in
/// turn, so the pool of read connections, and the threads that block in them, stay bounded however many callers read
/// at the same time. Reads are held open on a gate, so that they overlap for certain.
/// </summary>
public sealed class ReadConnectionBoundTests : IAsyncLifetime
{
    private readonly TempDatabaseFile _file = new();
    // Lets held reads go also when a test fails before it opens the gate itself (dispose would wait for them).
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EdgeDatabase? _db;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _gate.TrySetResult();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        await _file.DisposeAsync();
    }

    [Fact]
    public async Task Reads_beyond_the_bound_wait_for_a_running_one_and_the_pool_holds_no_more_connections()
    {
        _db = await EdgeDatabase.OpenAsync(_file.Path, new EdgeDatabaseSettings { MaxConcurrentReads = 3 });
        var running = 0;
        var most = 0;
        var reads = Enumerable.Range(0, 20).Select(i => _db.ReadAsync(async connection =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await _gate.Task;
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {i};";
            var value = (long)(await command.ExecuteScalarAsync())!;
            Interlocked.Decrement(ref running);
            return value;
        }, CancellationToken.None)).ToArray();

        await Poll.UntilAsync(() => Volatile.Read(ref running) >= 3, "three reads hold their connections");
        Volatile.Read(ref running).Should().Be(3, "the other 17 wait for a slot");
        _db.ReadsRunning.Should().Be(3);
        OpenHandlesOn(_file.Path).Should().BeLessThanOrEqualTo(1 + 3, "the writer and one connection per running read");

        _gate.SetResult();
        (await Task.WhenAll(reads)).Should().Equal(Enumerable.Range(0, 20).Select(i => (long)i), "every waiting read ran, each with its own result");
        most.Should().Be(3);
        _db.ReadsRunning.Should().Be(0);
        OpenHandlesOn(_file.Path).Should().BeLessThanOrEqualTo(1 + 3, "the pool kept at most one connection per slot");
    }

    [Fact]
    public async Task A_read_cancelled_while_it_waits_for_a_slot_throws_and_takes_none()
    {
        _db = await EdgeDatabase.OpenAsync(_file.Path, new EdgeDatabaseSettings { MaxConcurrentReads = 1 });
        var holding = _db.ReadAsync(async _ =>
        {
            await _gate.Task;
            return true;
        }, CancellationToken.None);
        await Poll.UntilAsync(() => _db.ReadsRunning == 1, "the one slot is taken");

        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = _db.ReadAsync(_ =>
        {
            ran = true;
            return Task.FromResult(true);
        }, cancel.Token);
        await cancel.CancelAsync();

        await waiting.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
        ran.Should().BeFalse();
        _gate.SetResult();
        (await holding).Should().BeTrue();
        _db.ReadsRunning.Should().Be(0, "the cancelled read never held the slot");
        (await _db.ReadAsync(_ => Task.FromResult(42), CancellationToken.None)).Should().Be(42, "the slot is free for the next read");
    }

    [Fact]
    public async Task A_bound_below_one_is_refused_before_the_file_is_created()
    {
        var open = () => EdgeDatabase.OpenAsync(_file.Path, new EdgeDatabaseSettings { MaxConcurrentReads = 0 });

        await open.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*MaxConcurrentReads*");
        File.Exists(_file.Path).Should().BeFalse();
    }

    [Fact]
    public void The_default_bound_is_eight_reads()
    {
        new EdgeDatabaseSettings().MaxConcurrentReads.Should().Be(8);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>The process's open file descriptors on the database file itself (not its -wal or -shm).</summary>
    private static int OpenHandlesOn(string path) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget is { } target && string.Equals(target, path, StringComparison.Ordinal));
}
