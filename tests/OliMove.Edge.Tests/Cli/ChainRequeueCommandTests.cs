using System.CommandLine;
using Microsoft.Data.Sqlite;
using OliMove.Edge.Cli;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Cli;

/// <summary>
/// `olimove-edge chain requeue` on a real SQLite file: lists the parked items, puts one (or all) back in the queue
/// in its original place, and changes nothing for an item that is not parked or a file that does not exist
/// (decision 0301; that a requeued item then lands once is OutboxRequeueTests, on anvil).
/// </summary>
public sealed class ChainRequeueCommandTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "olimove-requeue-" + Guid.NewGuid().ToString("N") + ".db");

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EdgeCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    public async Task InitializeAsync()
    {
        await using var db = await EdgeDatabase.OpenAsync(_path);
        var outbox = new ChainOutboxRepository(db);
        var now = DateTimeOffset.UtcNow;
        foreach (var key in new[] { "settlement:tx-1", "settlement:tx-2", "settlement:tx-3" })
        {
            await outbox.EnqueueAsync("settlement", key, "{}", now);
        }

        var items = await outbox.GetByKeysAsync(["settlement:tx-1", "settlement:tx-3"]);
        await outbox.RecordFailureAsync(items.Select(i => i.Id).ToList(), "Conflict: settled on chain with other content", permanent: true, now);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<OutboxItem>> UnconfirmedAsync()
    {
        await using var db = await EdgeDatabase.OpenAsync(_path);
        return await new ChainOutboxRepository(db).ListUnconfirmedAsync(null, 10);
    }

    [Fact]
    public async Task Without_a_selection_it_lists_the_parked_items_and_changes_nothing()
    {
        var run = await RunAsync("chain", "requeue", "--db", _path);

        run.Exit.Should().Be(2);
        run.Error.Should().Contain("2 item(s) parked").And.Contain("settlement:tx-1  Conflict: settled on chain with other content").And.Contain("settlement:tx-3");
        (await UnconfirmedAsync()).Select(i => i.Key).Should().Equal("settlement:tx-2");
    }

    [Fact]
    public async Task One_parked_item_goes_back_in_its_original_place_and_a_second_call_finds_nothing_to_requeue()
    {
        var id = (await UnconfirmedAsync()).Single().Id - 1;

        var run = await RunAsync("chain", "requeue", "--db", _path, "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        run.Exit.Should().Be(0, run.Error);
        run.Output.Should().Contain($"Requeued chain outbox item {id} (settlement:tx-1)");
        (await UnconfirmedAsync()).Select(i => i.Key).Should().Equal(["settlement:tx-1", "settlement:tx-2"], "it is sent first again, before what was queued after it");
        var again = await RunAsync("chain", "requeue", "--db", _path, "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        again.Exit.Should().Be(1);
        again.Error.Should().Contain("is pending, not parked: nothing requeued");
    }

    [Fact]
    public async Task All_parked_items_go_back_oldest_first()
    {
        var run = await RunAsync("chain", "requeue", "--db", _path, "--all-parked");

        run.Exit.Should().Be(0, run.Error);
        run.Output.Should().Contain("Requeued 2 parked chain outbox item(s), oldest first");
        (await UnconfirmedAsync()).Select(i => i.Key).Should().Equal("settlement:tx-1", "settlement:tx-2", "settlement:tx-3");
        (await RunAsync("chain", "requeue", "--db", _path, "--all-parked")).Exit.Should().Be(1, "nothing is parked any more");
    }

    [Fact]
    public async Task A_missing_database_is_refused_and_not_created()
    {
        var missing = _path + ".missing";

        var run = await RunAsync("chain", "requeue", "--db", missing, "--all-parked");

        run.Exit.Should().Be(2);
        run.Error.Should().Contain("no such database");
        File.Exists(missing).Should().BeFalse();
    }
}
