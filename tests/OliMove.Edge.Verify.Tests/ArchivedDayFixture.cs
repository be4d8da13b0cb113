using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.VerifyTests;

/// <summary>
/// A short simulated stretch of a day, made once for all verification tests: the real service on an accelerated
/// clock with simulated charge points charging, so its GroupPlanner archives real plans and its SlotCommitter
/// queues real slot records; then the real outbox writer sends that outbox to a real anvil. The host's own
/// writer is left unconfigured because, on an accelerated clock, its RPC timeouts would shrink to milliseconds.
/// </summary>
public sealed class ArchivedDayFixture : IAsyncLifetime
{
    // One 15-minute slot every 6 s: slow enough that a loaded 2-core machine never lets the slot loop skip a
    // boundary (which would leave a slot uncommitted), fast enough to keep the suite short.
    private const double ClockSpeed = 150;
    private const int SlotsWithTheSession = 3;

    private string _directory = "";

    public AnvilNode Node { get; private set; } = null!;

    public ChainConnection Operator { get; private set; } = null!;

    public ChainAddresses Addresses { get; private set; } = null!;

    public string AddressesFile { get; private set; } = "";

    /// <summary>The service's SQLite file after it stopped: plans, outbox, everything.</summary>
    public string ArchiveFile { get; private set; } = "";

    /// <summary>The first slot recorded on chain and the end of the last one: the range every slot of which is on chain.</summary>
    public DateTimeOffset From { get; private set; }

    public DateTimeOffset To { get; private set; }

    /// <summary>The pseudonym of the simulated user's session, as on a receipt: tx-N.</summary>
    public string SessionId { get; private set; } = "";

    public IReadOnlyList<SlotPlanRecord> Plans { get; private set; } = [];

    /// <summary>
    /// The two sessions, both stopped after the last slot and settled to their drivers' wallets: tx-N of the
    /// opted-in driver (a request with a departure: flexibility and tokens) first, then the other's (no request).
    /// </summary>
    public IReadOnlyList<string> SettledSessions { get; private set; } = [];

    /// <summary>The wallets the two drivers' settlements mint to, in the order of <see cref="SettledSessions"/>.</summary>
    public static IReadOnlyList<string> DriverWallets { get; } =
        ["0x1000000000000000000000000000000000000001", "0x2000000000000000000000000000000000000002"];

    public string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");

    public async Task InitializeAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "olimove-verify-day-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Node = await AnvilNode.StartAsync();
        Operator = ChainConnection.Create(Node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        Addresses = await DeployAsync();
        AddressesFile = Path.Combine(_directory, "chain-addresses.json");
        await Addresses.SaveAsync(AddressesFile);

        await SimulateAsync();
        await SendOutboxAsync();

        var slotIds = (await new AssetStatusClient(Operator.Web3, Addresses.AssetStatus).GetAllSlotCommitmentsAsync(Site.Id, Addresses.DeployedAtBlock))
            .Select(c => c.SlotId).Order().ToList();
        slotIds.Should().HaveCountGreaterThanOrEqualTo(SlotsWithTheSession, "the simulated stretch must commit several slots");
        slotIds.Should().Equal(Enumerable.Range(0, slotIds.Count).Select(i => slotIds[0] + (ulong)i), "slots are committed one after the other");
        From = DateTimeOffset.FromUnixTimeSeconds((long)slotIds[0] * 900);
        To = DateTimeOffset.FromUnixTimeSeconds((long)(slotIds[^1] + 1) * 900);
        await using var db = await EdgeDatabase.OpenAsync(ArchiveFile);
        Plans = await new SlotPlanRepository(db).ListRangeAsync(null, From, To);
    }

    /// <summary>The archived day's site (site-maps/demo.yaml): its records on chain are keyed by it.</summary>
    public static ChainSite Site { get; } = new("demo");

    /// <summary>A second, independent deployment: for registries that publish version 1 with other hashes.</summary>
    public Task<ChainAddresses> DeployAsync() => TestChainDeployment.DeployAndJoinAsync(Operator, Site.SiteMapId, Operator.Address);

    public async Task<string> SaveAddressesAsync(ChainAddresses addresses)
    {
        var path = Path.Combine(_directory, $"addresses-{Guid.NewGuid():N}.json");
        await addresses.SaveAsync(path);
        return path;
    }

    private async Task SimulateAsync()
    {
        // Start a little before a quarter hour so the first slot boundary comes quickly. The charge points run on
        // the same accelerated clock, so their meters and stamps (which the settlements are computed from) count
        // the simulated minutes.
        var now = DateTimeOffset.UtcNow;
        var start = SlotClock.StartOf(now).AddMinutes(12);
        var time = new AcceleratedTimeProvider(start, ClockSpeed);
        var host = await EdgeTestHost.StartAsync(time, directory: Path.Combine(_directory, "host"));
        ArchiveFile = host.Options.Database;
        try
        {
            await using var carport = ChargePoint(host, "OLI-DEMO-03", time);
            await using var cabinet = ChargePoint(host, "OLI-DEMO-01", time);
            foreach (var cp in new[] { carport, cabinet })
            {
                await cp.ConnectAsync();
                await cp.BootAsync();
            }

            // Two drivers with wallets: the first opted in with a departure (its settlement earns tokens), the
            // second without a request (energy and bill only). Their settlements are what `verify` recomputes.
            var users = host.Get<UserRepository>();
            var requests = host.Get<ChargingRequestRepository>();
            var at = time.GetUtcNow();
            var drivers = new List<long>();
            foreach (var (tag, wallet) in new[] { ("TAG-VERIFY-1", DriverWallets[0]), ("TAG-VERIFY-2", DriverWallets[1]) })
            {
                var driver = await users.CreateAsync($"verify-{tag.ToLowerInvariant()}", tag, null, at);
                await users.AddIdTagAsync(driver, tag, at);
                await users.SetWalletAsync(driver, wallet, "{\"test\":\"no keystore\"}");
                drivers.Add(driver);
            }

            var request = await requests.CreateAsync(new NewChargingRequest(drivers[0], "OLI-DEMO-03", 1, true, 20_000, at.AddHours(6), null, null), at);
            await requests.AcceptAsync(request.Id, at);

            // A car slower than the 11 kW connector: its driver's laxity (stay − energy / P_max) is positive.
            await carport.StartTransactionAsync(1, "TAG-VERIFY-1", new FixedLimitCar(7_400));
            await cabinet.StartTransactionAsync(1, "TAG-VERIFY-2", new FixedLimitCar(7_400));
            SessionId = PlanIds.SessionIdOf(carport.TransactionIdOn(1)!.Value);
            var transactions = new[] { carport.TransactionIdOn(1)!.Value, cabinet.TransactionIdOn(1)!.Value };
            SettledSessions = transactions.Select(t => PlanIds.SessionIdOf(t)).ToList();

            var lastSlot = SlotClock.StartOf(time.GetUtcNow()).AddMinutes(15 * SlotsWithTheSession);
            var outbox = host.Get<ChainOutboxRepository>();
            await Eventually(async () => (await outbox.GetByKeysAsync([$"slot:{ChainIds.SlotId(lastSlot)}"])).Count == 1, $"slot {lastSlot:HH:mm} is queued for the chain", 60);

            await carport.StopTransactionAsync(1);
            await cabinet.StopTransactionAsync(1);
            var settlements = host.Get<SessionSettlementRepository>();
            await Eventually(async () => (await Task.WhenAll(transactions.Select(t => settlements.GetAsync(t)))).All(s => s is not null), "both sessions are settled", 60);
        }
        finally
        {
            await host.StopAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    private async Task SendOutboxAsync()
    {
        await using var db = await EdgeDatabase.OpenAsync(ArchiveFile);
        var outbox = new ChainOutboxRepository(db);
        var writer = new OutboxWriter(outbox, Operator, Addresses, Site, TimeProvider.System);
        await Eventually(async () => await writer.DrainOnceAsync() is DrainOutcome.Drained or DrainOutcome.Idle && (await outbox.GetStatsAsync()).PendingCount == 0, "the outbox is sent", 60);
        (await outbox.ListUnconfirmedAsync(null, 100)).Should().BeEmpty("no chain write is left waiting");
    }

    private static SimulatedChargePoint ChargePoint(EdgeTestHost host, string id, TimeProvider time) =>
        new(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{id}",
            ConnectorCount = 1,
            // Measured on the charge point's (accelerated) clock: a minute of real time.
            CallTimeout = TimeSpan.FromMinutes(ClockSpeed),
        }, time);

    private static async Task Eventually(Func<Task<bool>> condition, string because, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {because}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
