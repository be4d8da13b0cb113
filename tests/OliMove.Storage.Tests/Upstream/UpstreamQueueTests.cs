namespace OliMove.Storage.Tests.Upstream;

/// <summary>The upstream link's durable queue and transaction mapping in a real SQLite file.</summary>
public sealed class UpstreamQueueTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private readonly TempDatabaseFile _file = new();
    private EdgeDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestSite.OpenRegisteredAsync(_file);

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task A_replayed_message_finds_its_row_and_the_queue_keeps_the_order_per_charger()
    {
        var queue = new UpstreamQueueRepository(_db);
        var start = await queue.EnqueueAsync("CP-1", "StartTransaction", "start:7", """{"connectorId":1}""", 7, Now);
        await queue.EnqueueAsync("CP-2", "StartTransaction", "start:8", """{"connectorId":1}""", 8, Now);
        var stop = await queue.EnqueueAsync("CP-1", "StopTransaction", "stop:7", """{"transactionId":7}""", 7, Now);
        var replay = await queue.EnqueueAsync("CP-1", "StartTransaction", "start:7", """{"connectorId":1}""", 7, Now);

        replay.Should().Be((start.Id, false));
        start.Added.Should().BeTrue();
        (await queue.ListPendingAsync("CP-1", 10)).Select(i => i.Action).Should().Equal("StartTransaction", "StopTransaction");
        await queue.MarkDeliveredAsync(start.Id, Now);
        await queue.RecordFailureAsync(stop.Id, "CALLERROR InternalError");
        var pending = await queue.ListPendingAsync("CP-1", 10);
        pending.Should().ContainSingle().Which.Should().Match<UpstreamQueueItem>(i => i.Id == stop.Id && i.Attempts == 1 && i.LastError == "CALLERROR InternalError");
        (await queue.CountPendingAsync("CP-1")).Should().Be(1);
        (await queue.CountPendingAsync("CP-2")).Should().Be(1);
    }

    [Fact]
    public async Task Transaction_ids_are_looked_up_per_charger()
    {
        var map = new UpstreamTransactionRepository(_db);
        // Edge transaction 5 of CP-1 got backend id 9; edge transaction 9 of CP-2 was started offline.
        await map.AddAsync(new UpstreamTransactionLink(5, "CP-1", 5, null), Now);
        await map.SetBackendIdAsync(5, 9);
        await map.SetChargerFacingIdAsync(5, 9);
        await map.AddAsync(new UpstreamTransactionLink(9, "CP-2", 9, null), Now);

        (await map.FindByChargerFacingIdAsync("CP-1", 9))!.TransactionId.Should().Be(5);
        (await map.FindByChargerFacingIdAsync("CP-2", 9))!.TransactionId.Should().Be(9);
        (await map.FindByBackendIdAsync("CP-1", 9))!.TransactionId.Should().Be(5);
        (await map.FindByBackendIdAsync("CP-2", 9)).Should().BeNull();
    }
}
