using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>
/// Issue 19: two sites on one set of contracts, each with its own database and operator key, and a database
/// restored onto a site that already wrote its records, all through the real outbox writer on anvil.
/// </summary>
public sealed class SiteNamespaceTests(ChainFixture chain) : IClassFixture<ChainFixture>, IAsyncLifetime
{
    private static readonly ChainSite SiteB = new("site-b");
    private static readonly OutboxWriterOptions Fast = new() { ReceiptPollInterval = TimeSpan.FromMilliseconds(20) };

    private readonly List<TempOutbox> _outboxes = [];
    private ChainConnection _operatorB = null!;

    public async Task InitializeAsync()
    {
        _operatorB = ChainConnection.Create(chain.Node.RpcUrl, AnvilNode.DevPrivateKeys[3], 31337);
        await new SiteJoiner(chain.Admin.Web3, chain.Addresses).JoinAsync(SiteB, _operatorB.Address, "Site B");
    }

    public async Task DisposeAsync()
    {
        foreach (var outbox in _outboxes)
        {
            await outbox.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_sites_record_the_same_slot_number_and_tx_1_and_neither_confirms_the_others_record()
    {
        var (outboxA, writerA) = await SiteAsync(ChainFixture.Site, ChainConnection.Create(chain.Node.RpcUrl, AnvilNode.DevPrivateKeys[2], 31337));
        var (outboxB, writerB) = await SiteAsync(SiteB, _operatorB);
        var (userA, userB) = (SampleSite.NewUser(), SampleSite.NewUser());
        await outboxA.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9_100) with { InputHash = SampleSite.Hex(0xA1) }));
        await outboxA.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1", userA, 10_000, 5_000)));
        await outboxB.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9_100) with { InputHash = SampleSite.Hex(0xB1) }));
        await outboxB.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1", userB, 20_000, 7_000)));

        (await writerA.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await writerB.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        foreach (var outbox in new[] { outboxA, outboxB })
        {
            (await outbox.ItemAsync("slot:9100")).State.Should().Be(OutboxItemState.Confirmed);
            (await outbox.ItemAsync("settlement:tx-1")).State.Should().Be(OutboxItemState.Confirmed);
        }

        var status = chain.Status(chain.Operator);
        (await status.GetSlotCommitmentsAsync(ChainFixture.SiteId, 9_100)).Should().ContainSingle().Which.InputHash.Should().Equal(Enumerable.Repeat((byte)0xA1, 32));
        (await status.GetSlotCommitmentsAsync(SiteB.Id, 9_100)).Should().ContainSingle().Which.InputHash.Should().Equal(Enumerable.Repeat((byte)0xB1, 32));
        var rowsA = await status.GetStatusRowsAsync(ChainFixture.SiteId, 9_100);
        var rowsB = await status.GetStatusRowsAsync(SiteB.Id, 9_100);
        rowsA.Select(r => r.AssetIndex).Should().NotIntersectWith(rowsB.Select(r => r.AssetIndex), "each site's 'cp-1' is its own asset");
        var token = chain.Token(chain.Operator);
        (await token.BalanceOfAsync(userA)).Should().Be(5_000 * DeploymentSettings.OneTokenPerKWhH, "site A's tx-1 minted for its own driver");
        (await token.BalanceOfAsync(userB)).Should().Be(7_000 * DeploymentSettings.OneTokenPerKWhH, "site B's tx-1 minted too, not taken for A's");
    }

    [Fact]
    public async Task A_restored_database_that_reuses_a_slot_and_a_transaction_number_parks_them_as_conflicts_instead_of_confirming()
    {
        var operatorA = ChainConnection.Create(chain.Node.RpcUrl, AnvilNode.DevPrivateKeys[2], 31337);
        var (original, writer) = await SiteAsync(ChainFixture.Site, operatorA);
        var user = SampleSite.NewUser();
        await original.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9_200)));
        await original.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-77", user, 10_000, 5_000)));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        // The backup was taken before: its tx-77 is another session, and its slot 9200 was planned otherwise.
        var (restored, restoredWriter) = await SiteAsync(ChainFixture.Site, operatorA);
        var otherUser = SampleSite.NewUser();
        await restored.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9_200) with { OutputHash = SampleSite.Hex(0x77) }));
        await restored.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-77", otherUser, 3_000, 1_000)));
        // The very same records (what a restart after a crash sends again) are still recognised as ours.
        await restored.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9_201)));
        await original.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9_201)));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        await restoredWriter.DrainOnceAsync();

        var slot = await restored.ItemAsync("slot:9200");
        slot.State.Should().Be(OutboxItemState.Failed);
        slot.LastError.Should().Contain("Conflict").And.Contain("slot 9200");
        var session = await restored.ItemAsync("settlement:tx-77");
        session.State.Should().Be(OutboxItemState.Failed);
        session.LastError.Should().Contain("Conflict").And.Contain("tx-77");
        (await restored.ItemAsync("slot:9201")).State.Should().Be(OutboxItemState.Confirmed, "a record identical to ours is ours");
        (await restoredWriter.GetStateAsync()).FailedCount.Should().Be(2, "both conflicts are parked and shown");
        (await chain.Token(chain.Operator).BalanceOfAsync(otherUser)).Should().Be(0, "nothing was minted for the restored database's tx-77");
        (await chain.Settlement(chain.Operator).GetSettlementAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-77")))!.User.Should().BeEquivalentTo(user);
    }

    private async Task<(TempOutbox Outbox, OutboxWriter Writer)> SiteAsync(ChainSite site, ChainConnection operatorAccount)
    {
        var outbox = await TempOutbox.CreateAsync();
        _outboxes.Add(outbox);
        var writer = new OutboxWriter(outbox.Repository, operatorAccount, chain.Addresses, site, TimeProvider.System, Fast);
        await outbox.EnqueueAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets));
        (await writer.DrainOnceAsync()).Should().NotBe(DrainOutcome.ChainNotUsable);
        (await outbox.ItemAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets).Key)).State.Should().Be(OutboxItemState.Confirmed);
        return (outbox, writer);
    }
}
