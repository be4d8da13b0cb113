namespace OliMove.Storage.Tests.Retention;

public sealed class DeliveredRecordRetentionTests : RegisteredSiteTests
{
    [Fact]
    public async Task Compacts_only_outbox_items_confirmed_before_the_cutoff_and_keeps_their_keys()
    {
        var outbox = new ChainOutboxRepository(Db);
        foreach (var key in new[] { "slot:1", "slot:2", "slot:3", "slot:4" })
        {
            await outbox.EnqueueAsync("slot", key, $$"""{"rows":"{{key}}"}""", T0);
        }

        var items = await outbox.ListUnconfirmedAsync(null, 10);
        await outbox.MarkConfirmedAsync([items[0].Id, items[1].Id], "0xabc", 7, T0.AddDays(1));
        await outbox.MarkConfirmedAsync([items[2].Id], "0xdef", 9, T0.AddDays(5));
        var retention = new DeliveredRecordRetention(Db);

        (await retention.CompactConfirmedOutboxAsync(T0.AddDays(2), batchRows: 1)).Rows.Should().Be(2);
        (await retention.CompactConfirmedOutboxAsync(T0.AddDays(2), batchRows: 1)).Rows.Should().Be(0, "compacting again changes nothing");

        var after = await outbox.GetByKeysAsync(["slot:1", "slot:2", "slot:3", "slot:4"]);
        after.Select(i => (i.Key, i.PayloadJson, i.State)).Should().Equal(
            ("slot:1", DeliveredRecordRetention.CompactedPayload, OutboxItemState.Confirmed),
            ("slot:2", DeliveredRecordRetention.CompactedPayload, OutboxItemState.Confirmed),
            ("slot:3", """{"rows":"slot:3"}""", OutboxItemState.Confirmed),
            ("slot:4", """{"rows":"slot:4"}""", OutboxItemState.Pending));
        (await outbox.EnqueueAsync("slot", "slot:1", """{"rows":"again"}""", T0.AddDays(9))).Should().BeFalse("the key stays, so a chain write is never repeated");
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
}
