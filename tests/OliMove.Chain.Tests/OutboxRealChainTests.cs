using System.Numerics;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>
/// What a public chain does and a dev chain does not: reorgs, a transaction stuck in the pool, a revert that
/// will never go away, a block gas limit a batch does not fit. Each test owns its anvil and makes it behave so.
/// </summary>
public sealed class OutboxRealChainTests : IAsyncLifetime
{
    private static readonly OutboxWriterOptions Fast = new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        RpcTimeout = TimeSpan.FromSeconds(5),
    };

    private AnvilNode _node = null!;
    private AnvilControl _anvil = null!;
    private ChainConnection _connection = null!;
    private ChainAddresses _addresses = null!;
    private TempOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        _anvil = new AnvilControl(_node.RpcUrl);
        var deployer = ChainConnection.Create(_node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        _addresses = await ChainFixture.DeployAndJoinAsync(deployer, deployer.Address);
        // The writer gets its own connection (own nonce), as in the product.
        _connection = ChainConnection.Create(_node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        _outbox = await TempOutbox.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _outbox.DisposeAsync();
        _anvil.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task An_item_counts_as_confirmed_only_at_the_configured_depth_and_a_reorg_before_that_sends_it_again()
    {
        var writer = Writer(Fast with { ConfirmationDepth = 3 });
        var user = SampleSite.NewUser();
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-11", user, 10_000, 5_000)));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        var mined = await _outbox.ItemAsync("settlement:tx-11");
        mined.State.Should().Be(OutboxItemState.Sent, "one block is not three");
        var first = mined.TxHash!;

        // The block holding it is replaced by an empty one: the transaction is gone, and with it the settlement.
        await _anvil.ReorgAsync(1);
        (await Settlement().IsSettledAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-11"))).Should().BeFalse();

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        var resent = await _outbox.ItemAsync("settlement:tx-11");
        resent.State.Should().Be(OutboxItemState.Sent);
        resent.TxHash.Should().NotBe(first, "the record was sent again in a new transaction");
        (await Settlement().IsSettledAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-11"))).Should().BeTrue();

        await _anvil.MineAsync(2);
        await writer.DrainOnceAsync();
        (await _outbox.ItemAsync("settlement:tx-11")).State.Should().Be(OutboxItemState.Sent, "two blocks on top are not three");

        await _anvil.MineAsync(1);
        await writer.DrainOnceAsync();
        var confirmed = await _outbox.ItemAsync("settlement:tx-11");
        confirmed.State.Should().Be(OutboxItemState.Confirmed);
        confirmed.TxHash.Should().Be(resent.TxHash);
        (await Settlement().GetSettledEventsAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-11"))).Should().ContainSingle();
        (await Token().BalanceOfAsync(user)).Should().Be(BigInteger.Pow(10, 15) * 5_000, "minted once, not once per send");
    }

    [Fact]
    public async Task Items_behind_one_awaiting_its_depth_are_still_sent_and_all_confirm_once_deep_enough()
    {
        var writer = Writer(Fast with { ConfirmationDepth = 2 });
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-21", SampleSite.NewUser())));
        await writer.DrainOnceAsync();
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-22", SampleSite.NewUser())));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        (await _outbox.ItemAsync("settlement:tx-21")).State.Should().Be(OutboxItemState.Sent, "it was 0 of 2 blocks deep when looked at");
        (await _outbox.ItemAsync("settlement:tx-22")).State.Should().Be(OutboxItemState.Sent);
        (await Settlement().IsSettledAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-22"))).Should().BeTrue("an item awaiting depth holds up nothing");
        (await writer.GetStateAsync()).SentCount.Should().Be(2);

        // The first is in block b, the second in b+1; one more block makes the first 2 deep, the second 1.
        await _anvil.MineAsync(1);
        await writer.DrainOnceAsync();
        (await _outbox.ItemAsync("settlement:tx-21")).State.Should().Be(OutboxItemState.Confirmed);
        (await _outbox.ItemAsync("settlement:tx-22")).State.Should().Be(OutboxItemState.Sent);

        await _anvil.MineAsync(1);
        await writer.DrainOnceAsync();
        (await _outbox.ItemAsync("settlement:tx-22")).State.Should().Be(OutboxItemState.Confirmed);
    }

    [Fact]
    public async Task A_transaction_stuck_in_the_pool_is_replaced_at_the_same_nonce_with_higher_fees()
    {
        var writer = Writer(Fast with { ReceiptTimeout = TimeSpan.FromMilliseconds(300) });
        var nonceBefore = await NonceAsync();
        await _anvil.SetAutomineAsync(false);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-31", SampleSite.NewUser())));

        // Nothing is mined: the first send waits in the pool past its receipt timeout.
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.NodeUnreachable);
        var stuck = (await _outbox.ItemAsync("settlement:tx-31")).TxHash!;
        var original = await TransactionAsync(stuck);
        original.BlockHash.Should().BeNull("it waits in the pool");

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.NodeUnreachable);
        var replacement = (await _outbox.ItemAsync("settlement:tx-31")).TxHash!;
        replacement.Should().NotBe(stuck);
        var replacing = await TransactionAsync(replacement);
        replacing.Nonce.Value.Should().Be(original.Nonce.Value, "a replacement takes the stuck transaction's place");
        replacing.MaxFeePerGas.Value.Should().BeGreaterThan(original.MaxFeePerGas.Value);
        replacing.MaxPriorityFeePerGas.Value.Should().BeGreaterThan(original.MaxPriorityFeePerGas.Value);
        replacing.Input.Should().Be(original.Input);

        await _anvil.MineAsync();
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var item = await _outbox.ItemAsync("settlement:tx-31");
        item.State.Should().Be(OutboxItemState.Confirmed);
        item.TxHash.Should().Be(replacement);
        (await NonceAsync()).Should().Be(nonceBefore + 1, "one transaction was mined, not two");
        (await _connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(stuck)).Should().BeNull();
        (await Settlement().GetSettledEventsAsync(ChainFixture.SiteId, ChainIds.SessionNumber("tx-31"))).Should().ContainSingle();
        (await writer.GetStateAsync()).Health.Should().Be(ChainHealth.Healthy);
    }

    [Fact]
    public async Task An_item_the_contract_will_always_refuse_is_parked_with_an_alert_and_the_queue_goes_on()
    {
        var writer = Writer(Fast);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets));
        // Version 9 is never published: the contract reverts this slot whatever the writer does.
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(8801, algorithmVersion: 9)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(8802)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-41", SampleSite.NewUser())));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var parked = await _outbox.ItemAsync("slot:8801");
        parked.State.Should().Be(OutboxItemState.Failed);
        parked.Attempts.Should().Be(1, "a refusal that cannot change is not retried");
        (await _outbox.ItemAsync("slot:8802")).State.Should().Be(OutboxItemState.Confirmed);
        (await _outbox.ItemAsync("settlement:tx-41")).State.Should().Be(OutboxItemState.Confirmed);
        var state = await writer.GetStateAsync();
        state.Health.Should().Be(ChainHealth.Healthy);
        state.PendingCount.Should().Be(0);
        state.FailedCount.Should().Be(1);
        state.LastFailure.Should().StartWith("slot:8801: ").And.Contain("UnknownAlgorithmVersion");
        state.LastFailureAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_batch_too_large_for_a_block_is_split_and_a_single_item_too_large_is_parked()
    {
        var writer = Writer(Fast);
        // Ten first-time holders in one settle need ~418k gas; one needs ~73k, two ~130k (docs/bench/gas.md).
        await _anvil.SetBlockGasLimitAsync(200_000);
        var users = Enumerable.Range(0, 10).Select(_ => SampleSite.NewUser()).ToList();
        for (var i = 0; i < users.Count; i++)
        {
            await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement($"tx-{i + 1}", users[i], 1_000, 1_000)));
        }

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var items = await _outbox.Repository.GetByKeysAsync(Enumerable.Range(0, 10).Select(i => $"settlement:tx-{i + 1}").ToList());
        items.Should().HaveCount(10).And.OnlyContain(i => i.State == OutboxItemState.Confirmed);
        var transactions = items.Select(i => i.TxHash!).Distinct().ToList();
        transactions.Count.Should().BeGreaterThan(1, "ten do not fit one block").And.BeLessThan(10, "the batch is halved, not given up");
        foreach (var hash in transactions)
        {
            (await _connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash)).GasUsed.Value.Should().BeLessThanOrEqualTo(200_000);
        }

        foreach (var user in users)
        {
            (await Token().BalanceOfAsync(user)).Should().Be(BigInteger.Pow(10, 15) * 1_000);
        }

        // A first-time holder alone (~73k) no longer fits; a holder's next session (~56k) still does.
        await _anvil.SetBlockGasLimitAsync(70_000);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-51", SampleSite.NewUser(), 1_000, 1_000)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-52", users[0], 1_000, 1_000)));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var tooLarge = await _outbox.ItemAsync("settlement:tx-51");
        tooLarge.State.Should().Be(OutboxItemState.Failed);
        tooLarge.LastError.Should().Contain("more gas than a block holds").And.Contain("70000");
        (await _outbox.ItemAsync("settlement:tx-52")).State.Should().Be(OutboxItemState.Confirmed);
        (await Token().BalanceOfAsync(users[0])).Should().Be(BigInteger.Pow(10, 15) * 2_000);
        (await writer.GetStateAsync()).FailedCount.Should().Be(1);
    }

    private OutboxWriter Writer(OutboxWriterOptions options) =>
        new(_outbox.Repository, _connection, _addresses, ChainFixture.Site, TimeProvider.System, options);

    private Clients.ChargingSettlementClient Settlement() => new(_connection.Web3, _addresses.ChargingSettlement);

    private Clients.FlexTokenClient Token() => new(_connection.Web3, _addresses.FlexToken);

    private async Task<BigInteger> NonceAsync() =>
        (await _connection.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(
            _connection.Address, Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest())).Value;

    private async Task<Nethereum.RPC.Eth.DTOs.Transaction> TransactionAsync(string hash) =>
        await _connection.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash)
        ?? throw new InvalidOperationException($"The node does not know {hash}.");
}
