using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>
/// Decision 0366: the settlement bitmap's allocation is an outbox item like the others, sent before the settlements
/// that need it, so a real chain's stuck transaction, reorg and permanent error are handled for it as for them.
/// Each test owns its anvil (they switch automine off and reorganise the chain).
/// </summary>
public sealed class SettlementAllocationOutboxTests : IAsyncLifetime
{
    private static readonly OutboxWriterOptions Fast = new()
    {
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        RpcTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Words 4–7: what the writer allocates before settling a session of word 3, the last one `chain join` allocated.</summary>
    private const ulong ThroughWord7 = (8 * ChainIds.SessionsPerWord) - 1;

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
        // The token's first mint ever creates its totalSupply word (~17,000 gas more, once per deployment): settle
        // session 1 first, so the gas bounds below measure what every later settlement of a site pays.
        await new Clients.ChargingSettlementClient(deployer.Web3, _addresses.ChargingSettlement).SettleAsync(ChainFixture.SiteId,
            [new Contracts.SessionSettlementStruct { SessionNumber = 1, User = SampleSite.NewUser(), EnergyWh = 1_000, FlexibilityWhH = 1_000 }]);
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
    public async Task A_stuck_allocation_is_replaced_at_the_same_nonce_and_the_settlement_behind_it_waits_then_lands_at_the_allocated_price()
    {
        var writer = Writer(Fast with { ReceiptTimeout = TimeSpan.FromMilliseconds(300) });
        var nonceBefore = await NonceAsync();
        await _anvil.SetAutomineAsync(false);
        // Session 1,000 is in word 3, the last one `chain join` allocated: words 4–7 are allocated first.
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1000", SampleSite.NewUser(), 1_000, 1_000)));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.NodeUnreachable);
        var stuck = (await _outbox.ItemAsync("settlement-allocation:4")).TxHash!;
        var original = await TransactionAsync(stuck);
        original.BlockHash.Should().BeNull("it waits in the pool");
        var waiting = await _outbox.ItemAsync("settlement:tx-1000");
        waiting.State.Should().Be(OutboxItemState.Pending);
        waiting.TxHash.Should().BeNull("nothing is sent behind a stuck allocation at a later nonce");

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.NodeUnreachable);
        var replacement = (await _outbox.ItemAsync("settlement-allocation:4")).TxHash!;
        replacement.Should().NotBe(stuck);
        var replacing = await TransactionAsync(replacement);
        replacing.Nonce.Value.Should().Be(original.Nonce.Value, "a replacement takes the stuck transaction's place");
        replacing.MaxFeePerGas.Value.Should().BeGreaterThan(original.MaxFeePerGas.Value);
        replacing.MaxPriorityFeePerGas.Value.Should().BeGreaterThan(original.MaxPriorityFeePerGas.Value);
        replacing.Input.Should().Be(original.Input);
        (await _outbox.ItemAsync("settlement:tx-1000")).TxHash.Should().BeNull();

        await _anvil.MineAsync();
        await _anvil.SetAutomineAsync(true);
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        var allocation = await _outbox.ItemAsync("settlement-allocation:4");
        allocation.State.Should().Be(OutboxItemState.Confirmed);
        allocation.TxHash.Should().Be(replacement);
        (await Receipt(stuck)).Should().BeNull("only one of the two was mined");
        (await Settlement().AllocatedThroughAsync(ChainFixture.SiteId)).Should().Be(ThroughWord7);
        var settled = await _outbox.ItemAsync("settlement:tx-1000");
        settled.State.Should().Be(OutboxItemState.Confirmed);
        ((long)(await Receipt(settled.TxHash!))!.GasUsed.Value).Should().BeLessThanOrEqualTo(80_000, "a first-time holder rewrites an allocated word");
        (await NonceAsync()).Should().Be(nonceBefore + 2, "one allocation and one settlement were mined, nothing else");
        (await writer.GetStateAsync()).Health.Should().Be(ChainHealth.Healthy);
    }

    [Fact]
    public async Task An_allocation_a_reorg_drops_is_sent_again_before_the_settlement_that_needs_it()
    {
        var writer = Writer(Fast with { ConfirmationDepth = 2 });
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1000", SampleSite.NewUser(), 1_000, 1_000)));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        var first = await _outbox.ItemAsync("settlement-allocation:4");
        first.State.Should().Be(OutboxItemState.Sent, "one block is not two");
        (await _outbox.ItemAsync("settlement:tx-1000")).State.Should().Be(OutboxItemState.Sent);
        (await Settlement().AllocatedThroughAsync(ChainFixture.SiteId)).Should().Be(ThroughWord7);

        // Both blocks (the allocation's, then the settlement's) are replaced by empty ones.
        await _anvil.ReorgAsync(2);
        (await Settlement().AllocatedThroughAsync(ChainFixture.SiteId)).Should().Be(1_019, "the reorg took the allocation with it");
        (await Settlement().IsSettledAsync(ChainFixture.SiteId, 1_000)).Should().BeFalse();

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        var resent = await _outbox.ItemAsync("settlement-allocation:4");
        resent.TxHash.Should().NotBe(first.TxHash, "the allocation was sent again in a new transaction");
        (await Settlement().AllocatedThroughAsync(ChainFixture.SiteId)).Should().Be(ThroughWord7);
        var settlement = await _outbox.ItemAsync("settlement:tx-1000");
        var allocationReceipt = (await Receipt(resent.TxHash!))!;
        var settlementReceipt = (await Receipt(settlement.TxHash!))!;
        settlementReceipt.BlockNumber.Value.Should().BeGreaterThan(allocationReceipt.BlockNumber.Value, "the allocation goes first");
        ((long)settlementReceipt.GasUsed.Value).Should().BeLessThanOrEqualTo(80_000, "it rewrote a word allocated ahead");

        await _anvil.MineAsync(2);
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await _outbox.ItemAsync("settlement-allocation:4")).State.Should().Be(OutboxItemState.Confirmed);
        (await _outbox.ItemAsync("settlement:tx-1000")).State.Should().Be(OutboxItemState.Confirmed);
        (await Settlement().GetSettledEventsAsync(ChainFixture.SiteId, 1_000)).Should().ContainSingle();
    }

    [Fact]
    public async Task Allocating_words_already_allocated_is_a_success_and_a_parked_allocation_holds_up_nothing()
    {
        var writer = Writer(Fast);

        // Words 0–3 are what `chain join` allocated: done, found by its event, without a transaction.
        var nonce = await NonceAsync();
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlementAllocation(new SettlementAllocationPayload(1, 4)));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        var joined = await _outbox.ItemAsync("settlement-allocation:0");
        joined.State.Should().Be(OutboxItemState.Confirmed);
        (await NonceAsync()).Should().Be(nonce, "nothing was sent");
        (await Receipt(joined.TxHash!))!.Logs.Should().NotBeEmpty("it names the join's allocation");

        // Words 2–5: two already allocated, two not; the contract leaves the first two alone.
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlementAllocation(new SettlementAllocationPayload(2 * ChainIds.SessionsPerWord, 4)));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await _outbox.ItemAsync("settlement-allocation:2")).State.Should().Be(OutboxItemState.Confirmed);
        (await NonceAsync()).Should().Be(nonce + 1);
        (await Settlement().AllocatedThroughAsync(ChainFixture.SiteId)).Should().Be((6 * ChainIds.SessionsPerWord) - 1);

        // An allocation that can never be sent (65 words: the contract takes at most 64) is parked with an alert;
        // the settlement behind it queues its own allocation (from word 6) and still lands at the allocated price.
        await _outbox.Repository.EnqueueAsync(ChainOutboxKinds.SettlementAllocation, "settlement-allocation:bad",
            """{"fromNumber":1530,"words":65}""", DateTimeOffset.UtcNow);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-1500", SampleSite.NewUser(), 1_000, 1_000)));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);
        (await _outbox.ItemAsync("settlement-allocation:bad")).State.Should().Be(OutboxItemState.Failed);
        (await _outbox.ItemAsync("settlement-allocation:6")).State.Should().Be(OutboxItemState.Confirmed);
        (await Settlement().AllocatedThroughAsync(ChainFixture.SiteId)).Should().Be((10 * ChainIds.SessionsPerWord) - 1);
        var settled = await _outbox.ItemAsync("settlement:tx-1500");
        settled.State.Should().Be(OutboxItemState.Confirmed);
        ((long)(await Receipt(settled.TxHash!))!.GasUsed.Value).Should().BeLessThanOrEqualTo(80_000);
        var state = await writer.GetStateAsync();
        state.FailedCount.Should().Be(1);
        state.LastFailure.Should().StartWith("settlement-allocation:bad: ").And.Contain("1 to 64 words");
        state.PendingCount.Should().Be(0);
    }

    private OutboxWriter Writer(OutboxWriterOptions options) =>
        new(_outbox.Repository, _connection, _addresses, ChainFixture.Site, TimeProvider.System, options);

    private Clients.ChargingSettlementClient Settlement() => new(_connection.Web3, _addresses.ChargingSettlement);

    private Task<TransactionReceipt?> Receipt(string hash) =>
        _connection.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash)!;

    private async Task<BigInteger> NonceAsync() =>
        (await _connection.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(_connection.Address, BlockParameter.CreateLatest())).Value;

    private async Task<Transaction> TransactionAsync(string hash) =>
        await _connection.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash)
        ?? throw new InvalidOperationException($"The node does not know {hash}.");
}
