using Nethereum.Contracts;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>
/// The AlgorithmRegistry binds a version number to one (code hash, parameters hash) pair and the pair to one
/// number; the outbox takes a publication as done only when the registry holds exactly its pair under exactly
/// its number, and parks any conflict instead of confirming it.
/// </summary>
public sealed class AlgorithmVersioningTests : IAsyncLifetime
{
    private AnvilNode _node = null!;
    private ChainConnection _connection = null!;
    private ChainAddresses _addresses = null!;
    private TempOutbox _outbox = null!;

    private static readonly ChainSite Site = new("versioning-site");

    public async Task InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        _connection = ChainConnection.Create(_node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        _addresses = await new ContractDeployer(_connection.Web3).DeployAsync(
            new DeploymentSettings(_connection.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        // The outbox writes only for a site its key has joined (decision 0257).
        await new SiteJoiner(_connection.Web3, _addresses).JoinAsync(Site, _connection.Address, Site.SiteMapId);
        _outbox = await TempOutbox.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _outbox.DisposeAsync();
        await _node.DisposeAsync();
    }

    private Clients.AlgorithmRegistryClient Registry => new(_connection.Web3, _addresses.AlgorithmRegistry);

    [Fact]
    public async Task A_number_means_one_pair_and_a_pair_has_one_number()
    {
        (await Registry.LatestVersionAsync()).Should().Be(0);
        await Registry.PublishAsync(1, ChainFixture.Hash(1), ChainFixture.Hash(2), "v1");

        (await Registry.VersionForAsync(ChainFixture.Hash(1), ChainFixture.Hash(2))).Should().Be(1);
        (await Registry.VersionForAsync(ChainFixture.Hash(1), ChainFixture.Hash(3))).Should().Be(0, "other parameters are another version");
        (await Registry.LatestVersionAsync()).Should().Be(1);

        var again = await Registry.PublishAsync(1, ChainFixture.Hash(1), ChainFixture.Hash(2), "v1 resent");
        again.Status.Value.Should().Be(1, "the same pair under the same number is a resend, not an error");
        again.DecodeAllEvents<AlgorithmPublishedEvent>().Should().BeEmpty("and changes nothing");

        await RevertsWith<AlgorithmPublishedAsError>(() => Registry.PublishAsync(2, ChainFixture.Hash(1), ChainFixture.Hash(2), "v1 renumbered"));
        await RevertsWith<VersionAlreadyPublishedError>(() => Registry.PublishAsync(1, ChainFixture.Hash(4), ChainFixture.Hash(2), "other code as 1"));

        await Registry.PublishAsync(2, ChainFixture.Hash(1), ChainFixture.Hash(3), "v2: new parameters");
        (await Registry.VersionForAsync(ChainFixture.Hash(1), ChainFixture.Hash(3))).Should().Be(2);
        (await Registry.LatestVersionAsync()).Should().Be(2);
    }

    [Fact]
    public async Task The_outbox_confirms_only_its_own_pair_under_its_own_number_and_parks_a_conflict()
    {
        // Another site published version 5 for its build; this site's build is version 1 already.
        await Registry.PublishAsync(1, ChainFixture.Hash(1), ChainFixture.Hash(2), "this build");
        await Registry.PublishAsync(5, ChainFixture.Hash(5), ChainFixture.Hash(5), "another site's build");
        var writer = new OutboxWriter(_outbox.Repository, _connection, _addresses, Site, TimeProvider.System,
            new OutboxWriterOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(20), RpcTimeout = TimeSpan.FromSeconds(5) });
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAlgorithm(Payload(1, 1, 2)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAlgorithm(Payload(2, 6, 6)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAlgorithm(Payload(3, 1, 2)));
        await _outbox.EnqueueAsync(ChainOutboxEntry.ForAlgorithm(Payload(5, 7, 7)));

        for (var pass = 0; pass < 6 && (await _outbox.Repository.GetStatsAsync()).PendingCount > 0; pass++)
        {
            await writer.DrainOnceAsync();
        }

        (await _outbox.ItemAsync("algorithm:1")).State.Should().Be(OutboxItemState.Confirmed, "the registry holds this pair as 1");
        (await _outbox.ItemAsync("algorithm:2")).State.Should().Be(OutboxItemState.Confirmed, "a new pair under a free number is published");
        (await Registry.VersionForAsync(ChainFixture.Hash(6), ChainFixture.Hash(6))).Should().Be(2);
        var renumbered = await _outbox.ItemAsync("algorithm:3");
        renumbered.State.Should().Be(OutboxItemState.Failed);
        renumbered.LastError.Should().Contain("is published as version 1, not 3");
        var taken = await _outbox.ItemAsync("algorithm:5");
        taken.State.Should().Be(OutboxItemState.Failed);
        taken.LastError.Should().Contain("version 5 is published for another build");
        (await Registry.VersionForAsync(ChainFixture.Hash(7), ChainFixture.Hash(7))).Should().Be(0);
    }

    private static AlgorithmPublicationPayload Payload(uint version, byte code, byte parameters) =>
        new(version, Convert.ToHexStringLower(ChainFixture.Hash(code)), Convert.ToHexStringLower(ChainFixture.Hash(parameters)), $"build {code}/{parameters}");

    private async Task RevertsWith<TError>(Func<Task> publish)
    {
        (await publish.Should().ThrowAsync<SmartContractCustomErrorRevertException>())
            .Which.IsCustomErrorFor<TError>().Should().BeTrue();
        await _connection.ResetNonceAsync();
    }
}
