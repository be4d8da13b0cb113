namespace OliMove.Storage.Tests;

public sealed class ChainOutboxRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabaseFile _file = new();
    private EdgeDatabase _db = null!;
    private ChainOutboxRepository _outbox = null!;

    public async Task InitializeAsync()
    {
        _db = await _file.OpenAsync();
        _outbox = new ChainOutboxRepository(_db);
    }

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task Enqueue_is_idempotent_per_key()
    {
        (await _outbox.EnqueueAsync("settlement", "settlement:1", "{\"a\":1}", T0)).Should().BeTrue();
        (await _outbox.EnqueueAsync("settlement", "settlement:1", "{\"a\":2}", T0.AddMinutes(1))).Should().BeFalse();

        var items = await _outbox.ListUnconfirmedAsync(null, 10);
        items.Should().ContainSingle();
        items[0].Should().BeEquivalentTo(new OutboxItem(items[0].Id, "settlement", "settlement:1", "{\"a\":1}", T0, OutboxItemState.Pending, 0, null, null));
        items[0].Id.Should().BePositive();
    }

    [Fact]
    public async Task Lists_pending_and_sent_oldest_first_filtered_by_kind_and_limited()
    {
        for (var i = 0; i < 5; i++)
        {
            await _outbox.EnqueueAsync(i % 2 == 0 ? "status" : "settlement", $"k{i}", "{}", T0.AddSeconds(i));
        }

        var all = await _outbox.ListUnconfirmedAsync(null, 100);
        all.Select(i => i.Key).Should().Equal("k0", "k1", "k2", "k3", "k4");

        await _outbox.MarkSentAsync([all[0].Id], "0xaaa", T0);
        await _outbox.MarkConfirmedAsync([all[2].Id], "0xbbb", 7, T0);

        var status = await _outbox.ListUnconfirmedAsync("status", 100);
        status.Select(i => (i.Key, i.State)).Should().Equal(("k0", OutboxItemState.Sent), ("k4", OutboxItemState.Pending));
        (await _outbox.ListUnconfirmedAsync(null, 2)).Select(i => i.Key).Should().Equal("k0", "k1");
    }

    [Fact]
    public async Task Walks_an_item_through_sent_and_confirmed_and_reports_stats()
    {
        await _outbox.EnqueueAsync("status", "slot:1", "{}", T0);
        await _outbox.EnqueueAsync("status", "slot:2", "{}", T0.AddMinutes(15));
        var ids = (await _outbox.ListUnconfirmedAsync(null, 10)).Select(i => i.Id).ToList();

        await _outbox.MarkSentAsync(ids, "0x01", T0.AddMinutes(16));
        var sent = await _outbox.GetStatsAsync();
        sent.PendingCount.Should().Be(0);
        sent.SentCount.Should().Be(2);
        sent.OldestPendingAt.Should().BeNull();

        await _outbox.MarkConfirmedAsync([ids[0]], "0x01", 42, T0.AddMinutes(17));
        var stats = await _outbox.GetStatsAsync();
        stats.SentCount.Should().Be(1);
        stats.LastConfirmedBlock.Should().Be(42);
        stats.LastConfirmedAt.Should().Be(T0.AddMinutes(17));

        var remaining = await _outbox.ListUnconfirmedAsync(null, 10);
        remaining.Should().ContainSingle().Which.Key.Should().Be("slot:2");
        remaining[0].TxHash.Should().Be("0x01");
    }

    [Fact]
    public async Task Transient_failure_keeps_item_pending_and_counts_attempts_permanent_failure_parks_it()
    {
        await _outbox.EnqueueAsync("settlement", "s:1", "{}", T0);
        await _outbox.EnqueueAsync("settlement", "s:2", "{}", T0.AddMinutes(1));
        var ids = (await _outbox.ListUnconfirmedAsync(null, 10)).Select(i => i.Id).ToList();

        await _outbox.MarkSentAsync([ids[0]], "0xdead", T0.AddMinutes(2));
        await _outbox.RecordFailureAsync([ids[0]], "tx dropped", permanent: false, T0.AddMinutes(3));
        await _outbox.RecordFailureAsync([ids[0]], "chain unreachable", permanent: false, T0.AddMinutes(4));
        await _outbox.RecordFailureAsync([ids[1]], "reverted: bad session", permanent: true, T0.AddMinutes(5));

        var items = await _outbox.ListUnconfirmedAsync(null, 10);
        items.Should().ContainSingle();
        items[0].State.Should().Be(OutboxItemState.Pending);
        items[0].Attempts.Should().Be(2);
        items[0].LastError.Should().Be("chain unreachable");

        var failed = (await _outbox.GetByKeysAsync(["s:2"])).Should().ContainSingle().Subject;
        failed.State.Should().Be(OutboxItemState.Failed);
        failed.Attempts.Should().Be(1);

        var stats = await _outbox.GetStatsAsync();
        stats.PendingCount.Should().Be(1);
        stats.OldestPendingAt.Should().Be(T0);
        stats.LastError.Should().Be("reverted: bad session");
        stats.LastErrorAt.Should().Be(T0.AddMinutes(5));
    }

    [Fact]
    public async Task Failure_after_confirmation_does_not_unconfirm()
    {
        await _outbox.EnqueueAsync("status", "slot:9", "{}", T0);
        var id = (await _outbox.ListUnconfirmedAsync(null, 1))[0].Id;
        await _outbox.MarkConfirmedAsync([id], "0x9", 9, T0);

        await _outbox.RecordFailureAsync([id], "late receipt error", permanent: false, T0);
        await _outbox.MarkSentAsync([id], "0xother", T0);

        var item = (await _outbox.GetByKeysAsync(["slot:9"])).Single();
        item.State.Should().Be(OutboxItemState.Confirmed);
        item.TxHash.Should().Be("0x9");
    }

    [Fact]
    public async Task Marking_an_unknown_id_changes_nothing_and_throws()
    {
        await _outbox.EnqueueAsync("status", "slot:1", "{}", T0);
        var id = (await _outbox.ListUnconfirmedAsync(null, 1))[0].Id;

        var act = () => _outbox.MarkSentAsync([id, 999], "0x1", T0);

        await act.Should().ThrowAsync<KeyNotFoundException>().WithMessage("*999*");
        (await _outbox.ListUnconfirmedAsync(null, 1))[0].State.Should().Be(OutboxItemState.Pending);
    }

    [Fact]
    public async Task Enqueue_in_a_unit_of_work_rolls_back_with_the_business_fact()
    {
        var act = () => _db.WriteAsync(async scope =>
        {
            await _outbox.EnqueueAsync(scope, "settlement", "s:rolled-back", "{}", T0);
            throw new InvalidOperationException("business rule failed");
        });

        await act.Should().ThrowAsync<InvalidOperationException>();
        (await _outbox.GetStatsAsync()).PendingCount.Should().Be(0);
    }

    [Fact]
    public async Task Rejects_an_empty_key()
    {
        var act = () => _outbox.EnqueueAsync("status", " ", "{}", T0);

        await act.Should().ThrowAsync<ArgumentException>();
    }
}
