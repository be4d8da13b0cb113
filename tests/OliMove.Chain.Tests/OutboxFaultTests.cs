using System.Numerics;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>The chain goes away, comes back, or turns out to be another chain. Each test owns its anvil.</summary>
public sealed class OutboxFaultTests : IAsyncLifetime
{
    private static readonly OutboxWriterOptions FastOptions = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        MinBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        ReceiptPollInterval = TimeSpan.FromMilliseconds(20),
        RpcTimeout = TimeSpan.FromSeconds(5),
    };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-chain-fault-" + Guid.NewGuid().ToString("N"));
    private readonly List<AnvilNode> _nodes = [];
    private TempOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _outbox = await TempOutbox.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _outbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Items_queued_while_the_node_is_down_land_exactly_once_and_in_order_when_it_returns()
    {
        var state = Path.Combine(_directory, "anvil-state.json");
        var node = await StartAsync(new AnvilOptions(StateFile: state));
        var (connection, addresses) = await DeployAsync(node);
        var writer = new OutboxWriter(_outbox.Repository, connection, addresses, ChainFixture.Site, TimeProvider.System, FastOptions);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var running = writer.RunAsync(stop.Token);
        await WaitUntilAsync(async () => (await writer.GetStateAsync()).PendingCount == 0 && writer.Health == ChainHealth.Healthy);

        await node.StopAsync();
        var users = Enumerable.Range(0, 4).Select(_ => SampleSite.NewUser()).ToList();
        for (var i = 0; i < 4; i++)
        {
            await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9000 + (ulong)i)));
            await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement($"tx-{i + 1}", users[i], 1_000 * (i + 1), 1_000)));
            writer.Wake();
        }

        await WaitUntilAsync(async () => writer.Health == ChainHealth.Unreachable && (await writer.GetStateAsync()).LastError is not null);
        var down = await writer.GetStateAsync();
        down.PendingCount.Should().Be(8);
        down.OldestPendingAt.Should().NotBeNull();
        down.LastError.Should().Contain(node.RpcUrl);

        _nodes.Add(await AnvilNode.StartAsync(new AnvilOptions(Port: node.Port, StateFile: state)));
        await WaitUntilAsync(async () => (await writer.GetStateAsync()) is { PendingCount: 0, SentCount: 0 });
        await stop.CancelAsync();
        await running;

        var commitments = await new Clients.AssetStatusClient(connection.Web3, addresses.AssetStatus).GetAllSlotCommitmentsAsync(ChainFixture.SiteId);
        commitments.Select(c => c.SlotId).Should().Equal(9000UL, 9001UL, 9002UL, 9003UL);
        var settled = await new Clients.ChargingSettlementClient(connection.Web3, addresses.ChargingSettlement).GetSettledEventsAsync(ChainFixture.SiteId);
        settled.Select(s => s.EnergyWh).Should().Equal(1_000U, 2_000U, 3_000U, 4_000U);
        foreach (var user in users)
        {
            (await new Clients.FlexTokenClient(connection.Web3, addresses.FlexToken).BalanceOfAsync(user))
                .Should().Be(BigInteger.Pow(10, 15) * 1_000);
        }

        (await writer.GetStateAsync()).Health.Should().Be(ChainHealth.Healthy);
    }

    [Fact]
    public async Task A_reset_chain_is_detected_while_running_and_nothing_is_written_into_it()
    {
        var node = await StartAsync(new AnvilOptions());
        var (connection, addresses) = await DeployAsync(node);
        var writer = new OutboxWriter(_outbox.Repository, connection, addresses, ChainFixture.Site, TimeProvider.System, FastOptions);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAssets(SampleSite.Assets));
        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.Drained);

        // The dev chain restarts empty on the same URL: same chain id, but the contracts are gone.
        await node.StopAsync();
        var fresh = await StartAsync(new AnvilOptions(Port: node.Port));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9100)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSettlement(SampleSite.Settlement("tx-61", SampleSite.NewUser())));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.ChainNotUsable);

        var state = await writer.GetStateAsync();
        state.Health.Should().Be(ChainHealth.ContractsMissing);
        state.HealthMessage.Should().Contain("No contract code").And.Contain("reset");
        state.PendingCount.Should().Be(2, "items keep queueing");
        var probe = ChainConnection.Create(fresh.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        (await probe.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(connection.Address)).Value
            .Should().Be(0, "not a single transaction went into the empty chain");
    }

    [Fact]
    public async Task A_node_of_another_chain_is_detected_at_start_and_nothing_is_sent()
    {
        var ours = await StartAsync(new AnvilOptions());
        var (_, addresses) = await DeployAsync(ours);
        var other = await StartAsync(new AnvilOptions(ChainId: 31338));
        var wrongUrl = ChainConnection.Create(other.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        var writer = new OutboxWriter(_outbox.Repository, wrongUrl, addresses, ChainFixture.Site, TimeProvider.System, FastOptions);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9200)));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.ChainNotUsable);

        var state = await writer.GetStateAsync();
        state.Health.Should().Be(ChainHealth.WrongChain);
        state.HealthMessage.Should().Contain("31338").And.Contain("31337");
        state.PendingCount.Should().Be(1);
        (await _outbox.ItemAsync("slot:9200")).State.Should().Be(OutboxItemState.Pending);
    }

    [Fact]
    public async Task A_node_that_is_down_at_start_is_reported_unreachable_and_the_item_waits()
    {
        var node = await StartAsync(new AnvilOptions());
        var (connection, addresses) = await DeployAsync(node);
        await node.KillAsync();
        var writer = new OutboxWriter(_outbox.Repository, connection, addresses, ChainFixture.Site, TimeProvider.System, FastOptions);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9300)));

        (await writer.DrainOnceAsync()).Should().Be(DrainOutcome.NodeUnreachable);

        var state = await writer.GetStateAsync();
        state.Health.Should().Be(ChainHealth.Unreachable);
        state.HealthMessage.Should().Contain(node.RpcUrl);
        (await _outbox.ItemAsync("slot:9300")).State.Should().Be(OutboxItemState.Pending);
    }

    [Fact]
    public async Task While_the_node_stays_down_the_writer_backs_off_doubling_up_to_the_maximum()
    {
        var node = await StartAsync(new AnvilOptions());
        var (connection, addresses) = await DeployAsync(node);
        await node.KillAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var options = new OutboxWriterOptions { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(4) };
        var writer = new OutboxWriter(_outbox.Repository, connection, addresses, ChainFixture.Site, time, options);
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForSlot(SampleSite.Slot(9400)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = writer.RunAsync(stop.Token);

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            var state = await WaitForNextAttemptAsync(writer, time);
            waits.Add(state.NextAttemptAt!.Value - time.GetUtcNow());
            time.Advance(state.NextAttemptAt!.Value - time.GetUtcNow());
        }

        await stop.CancelAsync();
        await running;
        waits.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4));
        (await writer.GetStateAsync()).PendingCount.Should().Be(1, "nothing is lost while the node is down");
    }

    private static async Task<OutboxWriterState> WaitForNextAttemptAsync(OutboxWriter writer, Microsoft.Extensions.Time.Testing.FakeTimeProvider time)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var state = await writer.GetStateAsync();
            if (state.NextAttemptAt is { } next && next > time.GetUtcNow())
            {
                return state;
            }

            DateTime.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(10);
        }
    }

    private async Task<AnvilNode> StartAsync(AnvilOptions options)
    {
        var node = await AnvilNode.StartAsync(options);
        _nodes.Add(node);
        return node;
    }

    private static async Task<(ChainConnection Connection, ChainAddresses Addresses)> DeployAsync(AnvilNode node)
    {
        var deployer = ChainConnection.Create(node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        var addresses = await ChainFixture.DeployAndJoinAsync(deployer, deployer.Address);
        // The writer gets its own connection (own nonce), as in the product.
        return (ChainConnection.Create(node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337), addresses);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the writer should get there within 30 s");
            await Task.Delay(50);
        }
    }
}
