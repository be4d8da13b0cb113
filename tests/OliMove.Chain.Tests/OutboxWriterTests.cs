using System.Numerics;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

public sealed class OutboxWriterTests(ChainFixture chain) : IClassFixture<ChainFixture>, IAsyncLifetime
{
    private TempOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _outbox = await TempOutbox.CreateAsync();
        // Every test starts from a registered site (a re-run on an already registered site writes nothing).
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets));
        (await Writer().DrainOnceAsync()).Should().NotBe(DrainOutcome.NodeUnreachable);
    }

    public async Task DisposeAsync() => await _outbox.DisposeAsync();

    [Fact]
    public async Task Drains_a_slot_batch_in_one_transaction_and_the_rows_read_back_from_events()
    {
        var slot = SampleSite.Slot(7001);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(slot));

        (await Writer().DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var item = await _outbox.ItemAsync("slot:7001");
        item.State.Should().Be(OutboxItemState.Confirmed);
        var rows = await chain.Status(chain.Operator).GetStatusRowsAsync(ChainFixture.SiteId, 7001);
        var registry = chain.Registry(chain.Operator);
        rows.Should().Equal(
            new PackedStatusRow(await registry.IndexOfAsync(ChainFixture.SiteId, "cp-1"), AssetStatusCode.Charging, 11_000, 10_870, 12_000, 3_600),
            new PackedStatusRow(await registry.IndexOfAsync(ChainFixture.SiteId, "cp-2"), AssetStatusCode.SuspendedEVSE, 0, 0, 5_000, 7_200),
            new PackedStatusRow(await registry.IndexOfAsync(ChainFixture.SiteId, "pv-roof"), AssetStatusCode.Available, 0, 18_400, 0, 0),
            new PackedStatusRow(await registry.IndexOfAsync(ChainFixture.SiteId, "bat-1"), AssetStatusCode.Available, -5_000, -4_950, 0, 0));
        var commitment = (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(ChainFixture.SiteId, 7001)).Should().ContainSingle().Subject;
        Convert.ToHexString(commitment.InputHash).Should().Be(slot.InputHash[2..]);
    }

    [Fact]
    public async Task Registers_the_site_once_and_a_rerun_with_the_same_site_writes_nothing()
    {
        var registry = chain.Registry(chain.Operator);
        (await registry.GetChargePointAsync(ChainFixture.SiteId, "cp-3"))!.PowerValueW.Should().Be(11_000);
        (await registry.GetBatteryAsync(ChainFixture.SiteId, "bat-1"))!.EnergyAvailableWh.Should().Be(20_000);
        var count = await registry.AssetCountAsync();
        var nonce = await NonceAsync();

        var again = await new AssetRegistrar(registry, ChainFixture.SiteId).RegisterAsync(SampleSite.Assets);

        (await _outbox.Repository.ListUnconfirmedAsync(null, 10)).Should().BeEmpty();
        (await _outbox.ItemAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets).Key)).State.Should().Be(OutboxItemState.Confirmed);
        again.Written.Should().Be(0);
        again.Unchanged.Should().Be(5);
        (await registry.AssetCountAsync()).Should().Be(count);
        (await NonceAsync()).Should().Be(nonce);
    }

    [Fact]
    public async Task Settles_consecutive_sessions_in_one_transaction_and_mints_to_each_user()
    {
        var alice = SampleSite.NewUser();
        var bob = SampleSite.NewUser();
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-71", alice, 20_000, 4_000)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-72", bob, 8_000, 0)));

        (await Writer().DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var a = await _outbox.ItemAsync("settlement:tx-71");
        var b = await _outbox.ItemAsync("settlement:tx-72");
        a.State.Should().Be(OutboxItemState.Confirmed);
        b.State.Should().Be(OutboxItemState.Confirmed);
        a.TxHash.Should().Be(b.TxHash, "consecutive settlements share one transaction");
        (await chain.Token(chain.Operator).BalanceOfAsync(alice)).Should().Be(BigInteger.Pow(10, 15) * 4_000);
        (await chain.Token(chain.Operator).BalanceOfAsync(bob)).Should().Be(0, "a session without flexibility earns no tokens");
        (await chain.Settlement(chain.Operator).GetSettlementAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-72")))!.BillMilliCents.Should().Be(8_000UL * 30);
    }

    [Fact]
    public async Task Resending_a_slot_or_a_session_under_a_new_key_writes_nothing_twice()
    {
        var user = SampleSite.NewUser();
        var slot = ChainOutboxEntry.ForSlot(SampleSite.Slot(7101));
        var settlement = ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-73", user));
        await _outbox.EnqueueAsync(slot);
        await _outbox.EnqueueAsync(settlement);
        await Writer().DrainOnceAsync();
        (await _outbox.EnqueueAsync(slot)).Should().BeFalse("the key already exists");
        var nonce = await NonceAsync();

        // A second row for the same facts (e.g. a host bug) must still not write twice.
        await _outbox.EnqueueAsync(slot with { Key = "slot:7101:again" });
        await _outbox.EnqueueAsync(settlement with { Key = "settlement:tx-73:again" });
        (await Writer().DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        (await NonceAsync()).Should().Be(nonce, "already-recorded items are confirmed from the chain, not resent");
        (await _outbox.ItemAsync("slot:7101:again")).State.Should().Be(OutboxItemState.Confirmed);
        (await _outbox.ItemAsync("slot:7101:again")).TxHash.Should().Be((await _outbox.ItemAsync("slot:7101")).TxHash);
        (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(ChainFixture.SiteId, 7101)).Should().ContainSingle();
        (await chain.Settlement(chain.Operator).GetSettledEventsAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-73"))).Should().ContainSingle();
        (await chain.Token(chain.Operator).BalanceOfAsync(user)).Should().Be(BigInteger.Pow(10, 15) * 5_000);
    }

    [Fact]
    public async Task A_writer_killed_after_sending_but_before_recording_it_leaves_no_duplicate()
    {
        var entry = ChainOutboxEntry.ForSlot(SampleSite.Slot(7201));
        await _outbox.EnqueueAsync(entry);
        // The crash: the transaction went out, the process died before MarkSent was committed.
        var sent = await SendSlotDirectlyAsync(SampleSite.Slot(7201));
        var nonce = await NonceAsync();

        (await Writer().DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var item = await _outbox.ItemAsync(entry.Key);
        item.State.Should().Be(OutboxItemState.Confirmed);
        item.TxHash.Should().Be(sent);
        (await NonceAsync()).Should().Be(nonce);
        (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(ChainFixture.SiteId, 7201)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_writer_killed_after_marking_sent_confirms_from_the_receipt_without_resending()
    {
        var entry = ChainOutboxEntry.ForSlot(SampleSite.Slot(7301));
        await _outbox.EnqueueAsync(entry);
        var sent = await SendSlotDirectlyAsync(SampleSite.Slot(7301));
        var item = await _outbox.ItemAsync(entry.Key);
        await _outbox.Repository.MarkSentAsync([item.Id], sent, DateTimeOffset.UtcNow);
        var nonce = await NonceAsync();

        (await Writer().DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var confirmed = await _outbox.ItemAsync(entry.Key);
        confirmed.State.Should().Be(OutboxItemState.Confirmed);
        confirmed.TxHash.Should().Be(sent);
        (await NonceAsync()).Should().Be(nonce);
        (await chain.Status(chain.Operator).GetSlotCommitmentsAsync(ChainFixture.SiteId, 7301)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_slot_with_an_unregistered_asset_fails_alone_and_the_next_items_still_land()
    {
        var bad = SampleSite.Slot(7401) with { Rows = [new AssetStatusRow("cp-unknown", AssetStatusCode.Available, 0, 0, 0, 0)] };
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(bad));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(7402)));

        (await Writer().DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var failed = await _outbox.ItemAsync("slot:7401");
        failed.State.Should().Be(OutboxItemState.Failed);
        failed.LastError.Should().Contain("cp-unknown").And.Contain("not registered");
        (await _outbox.ItemAsync("slot:7402")).State.Should().Be(OutboxItemState.Confirmed);
        (await chain.Status(chain.Operator).IsSlotRecordedAsync(ChainFixture.SiteId, 7401)).Should().BeFalse();
    }

    [Fact]
    public async Task A_slot_naming_an_unpublished_algorithm_fails_with_the_contracts_reason_and_publishing_it_lets_the_next_land()
    {
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(7701, algorithmVersion: 2)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAlgorithm(new AlgorithmPublicationPayload(2, SampleSite.Hex(7), SampleSite.Hex(8), "allocator v2")));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(7702, algorithmVersion: 2)));

        (await Writer().DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var failed = await _outbox.ItemAsync("slot:7701");
        failed.State.Should().Be(OutboxItemState.Failed);
        failed.LastError.Should().Contain("UnknownAlgorithmVersion");
        (await _outbox.ItemAsync("algorithm:2")).State.Should().Be(OutboxItemState.Confirmed);
        (await _outbox.ItemAsync("slot:7702")).State.Should().Be(OutboxItemState.Confirmed);
        (await chain.Algorithms(chain.Operator).IsPublishedAsync(2)).Should().BeTrue();
    }

    [Fact]
    public async Task Reports_a_healthy_chain_with_nothing_pending_and_the_last_block()
    {
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(7501)));
        var writer = Writer();
        await writer.DrainOnceAsync();

        var state = await writer.GetStateAsync();

        state.Health.Should().Be(ChainHealth.Healthy);
        state.HealthMessage.Should().BeNull();
        state.PendingCount.Should().Be(0);
        state.SentCount.Should().Be(0);
        state.OldestPendingAt.Should().BeNull();
        state.LastConfirmedBlock.Should().Be((long)(await chain.Operator.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value);
    }

    [Fact]
    public async Task A_running_writer_sends_a_new_item_at_once_when_woken_without_waiting_for_the_poll()
    {
        var writer = new OutboxWriter(_outbox.Repository, chain.Operator, chain.Addresses, ChainFixture.Site, TimeProvider.System,
            new OutboxWriterOptions { PollInterval = TimeSpan.FromMinutes(10), ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = writer.RunAsync(stop.Token);
        await WaitUntilAsync(() => Task.FromResult(writer.Health == ChainHealth.Healthy));

        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(7601)));
        writer.Wake();
        await WaitUntilAsync(async () => (await _outbox.ItemAsync("slot:7601")).State == OutboxItemState.Confirmed);

        await stop.CancelAsync();
        await running;
        (await chain.Status(chain.Operator).IsSlotRecordedAsync(ChainFixture.SiteId, 7601)).Should().BeTrue();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "a woken writer acts at once, not after its 10-minute poll");
            await Task.Delay(20);
        }
    }

    private OutboxWriter Writer() =>
        new(_outbox.Repository, chain.Operator, chain.Addresses, ChainFixture.Site, TimeProvider.System,
            new OutboxWriterOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) });

    private async Task<BigInteger> NonceAsync() =>
        (await chain.Operator.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(chain.Operator.Address)).Value;

    private async Task<string> SendSlotDirectlyAsync(SlotStatusPayload slot)
    {
        var registry = chain.Registry(chain.Operator);
        var rows = new List<PackedStatusRow>();
        foreach (var row in slot.Rows)
        {
            rows.Add(new PackedStatusRow(await registry.IndexOfAsync(ChainFixture.SiteId, row.AssetId), row.Status, row.SetpointW, row.MeasuredW,
                (uint)row.UserEnergyLeftWh, (uint)row.UserTimeLeftS));
        }

        var receipt = await chain.Status(chain.Operator).RecordSlotAsync(ChainFixture.SiteId, slot.SlotId, slot.AlgorithmVersion,
            Convert.FromHexString(slot.InputHash[2..]), Convert.FromHexString(slot.OutputHash[2..]), rows);
        return receipt.TransactionHash;
    }
}
