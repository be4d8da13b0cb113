using System.Numerics;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>
/// A parked item goes back in the queue in its original place once its cause is fixed, and lands once (decision
/// 0301): a settlement over the contract's bounds is parked, the CPO raises the bounds, the operator requeues it.
/// </summary>
public sealed class OutboxRequeueTests : IAsyncLifetime
{
    private static readonly OutboxWriterOptions Fast = new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        RpcTimeout = TimeSpan.FromSeconds(5),
    };

    private AnvilNode _node = null!;
    private ChainConnection _admin = null!;
    private ChainConnection _connection = null!;
    private ChainAddresses _addresses = null!;
    private TempOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        _admin = ChainConnection.Create(_node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        _addresses = await ChainFixture.DeployAndJoinAsync(_admin, _admin.Address);
        _connection = ChainConnection.Create(_node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        _outbox = await TempOutbox.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _outbox.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task A_parked_settlement_requeued_after_its_cause_is_fixed_goes_first_and_lands_once()
    {
        var writer = new OutboxWriter(_outbox.Repository, _connection, _addresses, ChainFixture.Site, TimeProvider.System, Fast);
        var settlement = new Clients.ChargingSettlementClient(_admin.Web3, _addresses.ChargingSettlement);
        await settlement.SetBoundsAsync(480, 50_000);
        var holder = SampleSite.NewUser();
        // 60 kWh is over the CPO's 50 kWh per session: the contract would revert it, every time.
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-81", holder, 60_000, 1_000)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-82", SampleSite.NewUser())));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var parked = await _outbox.ItemAsync("settlement:tx-81");
        parked.State.Should().Be(OutboxItemState.Failed);
        parked.LastError.Should().Contain("over the contract's bounds");
        (await _outbox.ItemAsync("settlement:tx-82")).State.Should().Be(OutboxItemState.Confirmed, "the queue went on");
        (await _outbox.Repository.RequeueAsync((await _outbox.ItemAsync("settlement:tx-82")).Id))!.Value.Requeued
            .Should().BeFalse("only a parked item is requeued");

        // The cause fixed by the CPO's admin; a newer item queued meanwhile; then the operator requeues.
        await settlement.SetBoundsAsync(480, 100_000);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-83", SampleSite.NewUser())));
        var requeued = await _outbox.Repository.RequeueAsync(parked.Id);
        requeued!.Value.Requeued.Should().BeTrue();
        requeued.Value.Item.State.Should().Be(OutboxItemState.Pending);
        requeued.Value.Item.LastError.Should().Be(parked.LastError, "the last error stays for the record");
        (await _outbox.Repository.ListUnconfirmedAsync(null, 10)).Select(i => i.Key).Should()
            .Equal(["settlement:tx-81", "settlement:tx-83"], "a requeued item keeps its place: it goes before what was queued after it");
        (await writer.GetStateAsync()).FailedCount.Should().Be(0, "the alert is gone with the parked item");

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Idle);

        (await _outbox.ItemAsync("settlement:tx-81")).State.Should().Be(OutboxItemState.Confirmed);
        (await _outbox.ItemAsync("settlement:tx-83")).State.Should().Be(OutboxItemState.Confirmed);
        (await settlement.GetSettledEventsAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-81"))).Should().ContainSingle("it lands once");
        var token = new Clients.FlexTokenClient(_admin.Web3, _addresses.FlexToken);
        (await token.BalanceOfAsync(holder)).Should().Be(BigInteger.Pow(10, 15) * 1_000, "minted once: 1,000 Wh·h at one token per kWh·h");
        var bill = await settlement.GetSettlementAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-81"));
        bill!.EnergyWh.Should().Be(60_000);
    }
}
