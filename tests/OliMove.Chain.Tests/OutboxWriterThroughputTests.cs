using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>
/// What one slot record costs the writer in node calls (docs/bench/chain-writer.md): a slot it never sent goes
/// straight to its transaction, without the contract's "already recorded" view, whose answer the send's own revert
/// (SlotAlreadyRecorded) gives when it matters. Counted through a proxy in front of a real anvil.
/// </summary>
public sealed class OutboxWriterThroughputTests(ChainFixture chain) : IClassFixture<ChainFixture>
{
    [Fact]
    public async Task A_slot_never_sent_costs_one_transaction_and_no_view_call_and_one_already_there_is_still_confirmed_not_recorded_twice()
    {
        await using var node = new CountingNode(chain.Node.RpcUrl);
        await using var outbox = await TempOutbox.CreateAsync();
        var connection = ChainConnection.Create(node.Url, AnvilNode.DevPrivateKeys[2], 31337);
        var writer = new OutboxWriter(outbox.Repository, connection, chain.Addresses, ChainFixture.Site, TimeProvider.System,
            new OutboxWriterOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        await outbox.EnqueueAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        node.Reset();
        for (ulong slot = 9101; slot <= 9105; slot++)
        {
            await outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(slot)));
        }

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        for (ulong slot = 9101; slot <= 9105; slot++)
        {
            (await outbox.ItemAsync($"slot:{slot}")).State.Should().Be(OutboxItemState.Confirmed);
        }

        node.Calls("eth_sendRawTransaction").Should().Be(5, "one transaction per slot");
        node.Calls("eth_call").Should().Be(0, "no view is read for a slot never sent (asset indices are cached)");

        // The same slot queued again under another database (a crash before its hash was stored looks the same): the
        // send's revert says it is there, its commitment equals ours, so it is confirmed by its event, not recorded twice.
        await using var second = await TempOutbox.CreateAsync();
        var again = new OutboxWriter(second.Repository, connection, chain.Addresses, ChainFixture.Site, TimeProvider.System,
            new OutboxWriterOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        await second.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9103)));
        node.Reset();

        (await again.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var confirmed = await second.ItemAsync("slot:9103");
        confirmed.State.Should().Be(OutboxItemState.Confirmed);
        confirmed.TxHash.Should().Be((await outbox.ItemAsync("slot:9103")).TxHash, "the first record's transaction");
        node.Calls("eth_sendRawTransaction").Should().Be(0, "the estimate reverted; nothing was sent");
    }
}
