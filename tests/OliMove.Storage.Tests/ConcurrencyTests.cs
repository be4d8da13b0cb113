using System.Diagnostics;
using Xunit.Abstractions;

namespace OliMove.Storage.Tests;

public sealed class ConcurrencyTests : RegisteredSiteTests
{
    private readonly ITestOutputHelper _output;

    public ConcurrencyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Parallel_writers_and_readers_never_see_SQLITE_BUSY_and_lose_nothing()
    {
        const int Writers = 8;
        const int UnitsPerWriter = 40;
        var meterValues = new MeterValueRepository(Db);
        var outbox = new ChainOutboxRepository(Db);
        var transactions = new TransactionRepository(Db);
        using var writersDone = new CancellationTokenSource();
        var reads = new int[4];
        var clock = Stopwatch.StartNew();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < UnitsPerWriter; i++)
            {
                var at = T0.AddSeconds(w * 1000 + i);
                await Db.WriteAsync(async scope =>
                {
                    await meterValues.AddAsync(scope, [new MeterSample("CP-1", 1 + w % 2, null, at, "Power.Active.Import", null, "Sample.Periodic", i, "W")]);
                    await outbox.EnqueueAsync(scope, "status", $"w{w}:{i}", "{}", at);
                });
                // Replays of the same StartTransaction from every writer: one row, one id.
                await transactions.StartAsync(new NewTransaction("CP-2", 1, "SHARED", 0, T0));
            }
        })).ToList();

        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            // At least one round each, even when a loaded machine schedules a reader only after the writers.
            do
            {
                // Microsoft.Data.Sqlite completes its async methods synchronously; without a yield a tight
                // read loop would keep its pool thread and starve the others on a 2-core box.
                await Task.Yield();
                await meterValues.GetLatestAsync("CP-1", 1 + r % 2);
                var stats = await outbox.GetStatsAsync();
                stats.PendingCount.Should().BeInRange(0, Writers * UnitsPerWriter);
                await outbox.ListUnconfirmedAsync(null, 50);
                Interlocked.Increment(ref reads[r]);
            }
            while (!writersDone.IsCancellationRequested);
        })).ToList();

        await Task.WhenAll(writers);
        var elapsed = clock.Elapsed;
        await writersDone.CancelAsync();
        await Task.WhenAll(readers);

        _output.WriteLine($"{Writers * UnitsPerWriter * 2} commits (synchronous=FULL) in {elapsed.TotalMilliseconds:F0} ms while 4 readers completed {reads[0]}/{reads[1]}/{reads[2]}/{reads[3]} (sum {reads.Sum()}) read rounds");
        (await outbox.GetStatsAsync()).PendingCount.Should().Be(Writers * UnitsPerWriter);
        (await transactions.ListActiveAsync()).Should().ContainSingle();
        reads.Should().OnlyContain(n => n > 0, "every reader completed its rounds without SQLITE_BUSY");
    }

    [Fact]
    public async Task Two_database_instances_on_one_file_wait_for_each_other_instead_of_failing()
    {
        // E.g. the CLI inspecting the file while the service runs: SQLite's busy timeout serialises them.
        await using var second = await EdgeDatabase.OpenAsync(File.Path);
        var first = new ChainOutboxRepository(Db);
        var other = new ChainOutboxRepository(second);

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    await first.EnqueueAsync("status", $"a{i}", "{}", T0);
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    await other.EnqueueAsync("status", $"b{i}", "{}", T0);
                }
            }));

        (await first.GetStatsAsync()).PendingCount.Should().Be(120);
    }
}
