namespace OliMove.Storage.Tests.Retention;

public sealed class DeliveredRecordRetentionTests : RegisteredSiteTests
{
    [Fact]
    public async Task Deletes_only_outbox_items_of_the_kind_confirmed_before_the_cutoff()
    {
        var outbox = new ChainOutboxRepository(Db);
        foreach (var key in new[] { "slot:1", "slot:2", "slot:3", "slot:4" })
        {
            await outbox.EnqueueAsync("slot", key, $$"""{"rows":"{{key}}"}""", T0);
        }

        await outbox.EnqueueAsync("settlement", "settlement:1", "{}", T0);
        var items = await outbox.ListUnconfirmedAsync(null, 10);
        await outbox.MarkConfirmedAsync([items[0].Id, items[1].Id, items[4].Id], "0xabc", 7, T0.AddDays(1));
        await outbox.MarkConfirmedAsync([items[2].Id], "0xdef", 9, T0.AddDays(5));
        var retention = new DeliveredRecordRetention(Db);

        var deleted = await retention.DeleteConfirmedOutboxAsync("slot", T0.AddDays(2), batchRows: 1);

        deleted.Rows.Should().Be(2);
        deleted.Batches.Should().Be(2);
        (await retention.DeleteConfirmedOutboxAsync("slot", T0.AddDays(2), batchRows: 1)).Rows.Should().Be(0);
        var left = await outbox.GetByKeysAsync(["slot:1", "slot:2", "slot:3", "slot:4", "settlement:1"]);
        left.Select(i => (i.Key, i.State)).Should().Equal(
            ("slot:3", OutboxItemState.Confirmed), ("slot:4", OutboxItemState.Pending), ("settlement:1", OutboxItemState.Confirmed));
    }

    [Fact]
    public async Task Deletes_only_upstream_messages_delivered_before_the_cutoff()
    {
        var queue = new UpstreamQueueRepository(Db);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await queue.EnqueueAsync("CP-1", "MeterValues", $"mv-{i}", "{}", null, T0)).Id);
        }

        await queue.MarkDeliveredAsync(ids[0], T0.AddDays(1));
        await queue.MarkDeliveredAsync(ids[1], T0.AddDays(1));
        await queue.MarkDeliveredAsync(ids[2], T0.AddDays(4));

        var deleted = await new DeliveredRecordRetention(Db).DeleteDeliveredUpstreamAsync(T0.AddDays(2), batchRows: 10);

        deleted.Rows.Should().Be(2);
        (await queue.ListAllAsync("CP-1")).Select(i => i.Id).Should().Equal(ids[2], ids[3], ids[4]);
        (await queue.CountPendingAsync("CP-1")).Should().Be(2, "undelivered messages are never pruned");
    }

    [Fact]
    public async Task Deletes_only_security_events_received_before_the_cutoff()
    {
        var events = new SecurityEventRepository(Db);
        var ids = new List<long>();
        for (var day = 0; day < 5; day++)
        {
            // The charger's own clock may be far off: retention goes by when the edge received the event.
            ids.Add(await events.AddAsync(new SecurityEventRecord(0, "CP-1", "TamperDetectionActivated", T0.AddYears(5), $"day {day}", T0.AddDays(day), "ChargePoint")));
        }

        var deleted = await new DeliveredRecordRetention(Db).DeleteSecurityEventsAsync(T0.AddDays(2), batchRows: 1);

        deleted.Rows.Should().Be(2);
        deleted.Batches.Should().Be(2, "one row per unit of work");
        (await events.LatestAsync(10)).Select(e => e.Id).Should().Equal(ids[4], ids[3], ids[2]);
    }
}
