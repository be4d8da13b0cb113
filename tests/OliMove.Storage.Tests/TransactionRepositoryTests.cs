namespace OliMove.Storage.Tests;

public sealed class TransactionRepositoryTests : RegisteredSiteTests
{
    private TransactionRepository Repository => new(Db);

    [Fact]
    public async Task Assigns_positive_increasing_ids()
    {
        var a = await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", 100, T0));
        var b = await Repository.StartAsync(new NewTransaction("CP-1", 2, "TAG-B", 200, T0));

        a.Should().Be(new TransactionStartResult(a.TransactionId, Created: true));
        a.TransactionId.Should().BePositive();
        b.TransactionId.Should().BeGreaterThan(a.TransactionId);
    }

    [Fact]
    public async Task A_replayed_start_returns_the_same_id_and_inserts_nothing()
    {
        var start = new NewTransaction("CP-1", 1, "TAG-A", 100, T0);
        var first = await Repository.StartAsync(start);

        var replay = await Repository.StartAsync(start with { IdTag = "tag-a" });

        replay.Should().Be(new TransactionStartResult(first.TransactionId, Created: false), "OCPP idTags compare case-insensitively");
        (await Repository.ListActiveAsync()).Should().ContainSingle();
        var next = await Repository.StartAsync(start with { StartedAt = T0.AddHours(1) });
        next.TransactionId.Should().Be(first.TransactionId + 1, "a replay does not burn an id");
    }

    [Fact]
    public async Task Finds_the_active_transaction_of_a_connector()
    {
        var start = await Repository.StartAsync(new NewTransaction("CP-1", 2, "TAG-A", 100, T0));

        var active = await Repository.GetActiveAsync("CP-1", 2);

        active.Should().Be(new TransactionRecord(start.TransactionId, "CP-1", 2, "TAG-A", 100, T0, null, null, null));
        active!.IsActive.Should().BeTrue();
        (await Repository.GetActiveAsync("CP-1", 1)).Should().BeNull();
    }

    [Fact]
    public async Task Stop_is_idempotent_and_keeps_the_first_stop()
    {
        var id = (await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", 100, T0))).TransactionId;

        (await Repository.StopAsync(id, 5100, T0.AddHours(2), "EVDisconnected")).Should().Be(TransactionStopOutcome.Stopped);
        (await Repository.StopAsync(id, 9999, T0.AddHours(3), "Local")).Should().Be(TransactionStopOutcome.AlreadyStopped);
        (await Repository.StopAsync(id + 100, 1, T0, null)).Should().Be(TransactionStopOutcome.NotFound);

        var stopped = (await Repository.GetAsync(id))!;
        stopped.MeterStopWh.Should().Be(5100);
        stopped.StoppedAt.Should().Be(T0.AddHours(2));
        stopped.StopReason.Should().Be("EVDisconnected");
        (await Repository.GetActiveAsync("CP-1", 1)).Should().BeNull();
    }

    [Fact]
    public async Task With_a_lost_stop_the_latest_start_is_the_active_one()
    {
        await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", 100, T0));
        var later = await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-B", 900, T0.AddHours(5)));

        (await Repository.GetActiveAsync("CP-1", 1))!.Id.Should().Be(later.TransactionId);
        (await Repository.ListActiveAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task Lists_an_idTags_transactions_newest_first()
    {
        var a = await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", 100, T0));
        await Repository.StartAsync(new NewTransaction("CP-2", 1, "TAG-B", 100, T0));
        var c = await Repository.StartAsync(new NewTransaction("CP-1", 2, "TAG-A", 100, T0.AddHours(1)));

        (await Repository.ListByIdTagAsync("tag-a", 10)).Select(t => t.Id).Should().Equal(c.TransactionId, a.TransactionId);
        (await Repository.ListByIdTagAsync("TAG-A", 1)).Should().ContainSingle();
    }

    [Fact]
    public async Task Rejects_a_start_on_an_unregistered_connector_or_with_bad_values()
    {
        var unknownConnector = () => Repository.StartAsync(new NewTransaction("CP-2", 2, "TAG-A", 100, T0));
        var negativeMeter = () => Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", -1, T0));
        var emptyTag = () => Repository.StartAsync(new NewTransaction("CP-1", 1, "", 1, T0));

        await unknownConnector.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>().WithMessage("*FOREIGN KEY*");
        await negativeMeter.Should().ThrowAsync<ArgumentOutOfRangeException>();
        await emptyTag.Should().ThrowAsync<ArgumentException>();
        (await Repository.ListActiveAsync()).Should().BeEmpty();
    }
}
