using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.VerifyTests;

/// <summary>
/// An upgrade: the service runs some slots, is restarted with other allocator parameters (a new parameters hash,
/// through the test-only Algorithm.TestParametersHash), and runs more. It publishes a second algorithm version,
/// every slot record names the version it ran with, and `verify` checks each slot against its own version:
/// this build's slots pass, the others are named with the release to verify them with.
/// </summary>
public sealed class AlgorithmUpgradeTests : IAsyncLifetime
{
    private const double ClockSpeed = 150;
    private const string SiteMapId = "demo"; // site-maps/demo.yaml, which EdgeTestHost runs

    private const string NewParametersHash = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

    private string _directory = "";
    private AnvilNode _node = null!;

    public async Task InitializeAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "olimove-upgrade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _node = await AnvilNode.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Slots_before_and_after_a_parameters_change_are_each_checked_against_their_own_version()
    {
        var time = new AcceleratedTimeProvider(SlotClock.StartOf(DateTimeOffset.UtcNow).AddMinutes(12), ClockSpeed);
        var hostDirectory = Path.Combine(_directory, "host");
        var database = await RunSlotsAsync(time, hostDirectory, testParametersHash: null);
        await RunSlotsAsync(time, hostDirectory, NewParametersHash);

        var chain = ChainConnection.Create(_node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        var site = new ChainSite(SiteMapId);
        var addresses = await TestChainDeployment.DeployAndJoinAsync(chain, site.SiteMapId, chain.Address);
        await SendOutboxAsync(database, chain, addresses, site);

        var registry = new AlgorithmRegistryClient(chain.Web3, addresses.AlgorithmRegistry);
        var code = Convert.FromHexString(AlgorithmIdentity.CodeHash());
        (await registry.VersionForAsync(code, Convert.FromHexString(AlgorithmIdentity.ParametersHash))).Should().Be(1);
        (await registry.VersionForAsync(code, Convert.FromHexString(NewParametersHash))).Should().Be(2, "the restarted service published its new parameters as the next version");
        var commitments = (await new AssetStatusClient(chain.Web3, addresses.AssetStatus).GetAllSlotCommitmentsAsync(site.Id, addresses.DeployedAtBlock)).OrderBy(c => c.SlotId).ToList();
        var before = commitments.Where(c => c.AlgorithmVersion == 1).Select(c => c.SlotId).ToList();
        var after = commitments.Where(c => c.AlgorithmVersion == 2).Select(c => c.SlotId).ToList();
        before.Should().NotBeEmpty();
        after.Should().NotBeEmpty();
        before.Max().Should().BeLessThan(after.Min(), "every slot names the version that ran it, the old one until the restart");

        var addressFile = Path.Combine(_directory, "chain-addresses.json");
        await addresses.SaveAsync(addressFile);
        var from = DateTimeOffset.FromUnixTimeSeconds((long)commitments[0].SlotId * 900);
        var to = DateTimeOffset.FromUnixTimeSeconds((long)(commitments[^1].SlotId + 1) * 900);
        var run = await CommandLineRun.RunAsync("verify", "--db", database, "--from", Iso(from), "--to", Iso(to), "--rpc", _node.RpcUrl, "--addresses", addressFile, "--site", site.SiteMapId);

        run.Output.Should().Contain($"Algorithm of this build: {Scheduling.AlgorithmVersion.Id} (registry version 1,");
        foreach (var slot in before)
        {
            run.SlotLines.Should().ContainSingle(l => l.StartsWith($"slot {slot} ")).Which.Should().EndWith("OK", run.ToString());
        }

        foreach (var slot in after)
        {
            run.SlotLines.Should().ContainSingle(l => l.StartsWith($"slot {slot} ")).Which.Should().EndWith("MISMATCH", run.ToString());
        }

        var findings = run.Output.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        findings.Should().OnlyContain(l => l.StartsWith("algorithm parameters hash at AlgorithmRegistry version 2: the slot ran parameters " + NewParametersHash), run.ToString())
            .And.HaveCount(after.Count, "each slot of the new version is named once, and nothing about its plans or hashes failed");
        run.Output.Should().Contain($"Note: {after.Count} slot(s) ran another algorithm version than this build");
        run.ExitCode.Should().Be(1);
    }

    /// <summary>Runs the service until two more slots are queued for the chain; returns its database file.</summary>
    private static async Task<string> RunSlotsAsync(AcceleratedTimeProvider time, string directory, string? testParametersHash)
    {
        var host = await EdgeTestHost.StartAsync(time, directory: directory, configure: o => o.Algorithm.TestParametersHash = testParametersHash);
        try
        {
            // A charger of its own per run: the first run's session is still open in the database.
            var chargePointId = testParametersHash is null ? "OLI-DEMO-01" : "OLI-DEMO-03";
            await using var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
            {
                ChargePointId = chargePointId,
                CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                AuthorizationKey = $"demo-key-{chargePointId}",
                ConnectorCount = 1,
                CallTimeout = TimeSpan.FromSeconds(10),
            });
            await cp.ConnectAsync();
            await cp.BootAsync();
            await cp.StartTransactionAsync(1, "TAG-UPGRADE-" + (testParametersHash is null ? "1" : "2"), new FixedLimitCar(7_400));
            var lastSlot = SlotClock.StartOf(time.GetUtcNow()).AddMinutes(15 * 2);
            var outbox = host.Get<ChainOutboxRepository>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await outbox.GetByKeysAsync([$"slot:{ChainIds.SlotId(lastSlot)}"])).Count == 0)
            {
                DateTime.UtcNow.Should().BeBefore(deadline, $"slot {lastSlot:HH:mm} is queued for the chain");
                await Task.Delay(100);
            }

            return host.Options.Database;
        }
        finally
        {
            await host.StopAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task SendOutboxAsync(string database, ChainConnection chain, ChainAddresses addresses, ChainSite site)
    {
        await using var db = await EdgeDatabase.OpenAsync(database);
        var outbox = new ChainOutboxRepository(db);
        var writer = new OutboxWriter(outbox, chain, addresses, site, TimeProvider.System);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await writer.DrainOnceAsync() is not (DrainOutcome.Drained or DrainOutcome.Idle) || (await outbox.GetStatsAsync()).PendingCount > 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the outbox is sent");
            await Task.Delay(100);
        }

        (await outbox.GetStatsAsync()).FailedCount.Should().Be(0, "no record was refused");
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
