using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Chain.Fleet;
using OliMove.Edge.Api;
using OliMove.Edge.Cli;
using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.Testing;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 19's acceptance: three edge instances (three site maps, three databases, three operator keys) against one
/// anvil and one set of contracts, deployed once with the CPO's admin key and joined per site. On one accelerated
/// clock each site runs two drivers with a request and a walk-in without an account; then every record is under its
/// own site, <c>verify</c> passes for each, and the fleet view (reader, <c>fleet --json</c> and the API) shows three
/// sites whose totals equal each site's own figures: its API's settled sessions, energy and receipts' tokens, and
/// its database's confirmed slot records.
/// </summary>
public class ThreeSitesFleetTests
{
    // One 15-minute slot every 3.75 s. Faster clocks failed here: on a loaded 2-core machine a slot loop that wakes
    // after the next boundary leaves a planned slot uncommitted, which verify rightly reports (measured at 720x).
    private const double Speed = 240;
    private const string Viewer = "fleet-viewer-token-0123456789abcdef";

    // Cars below the connectors' 11 kW: a car at full power for its whole stay gives no flexibility, so no tokens.
    private static readonly (string Id, string Name, int Key, long CarW)[] Sites =
    [
        ("north", "North depot", 1, 3_700),
        ("south", "South depot", 2, 7_400),
        ("harbour", "Harbour car park", 3, 5_500),
    ];

    [Fact]
    public async Task Three_sites_on_one_set_of_contracts_each_verify_and_the_fleet_view_equals_their_own_figures()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-three-sites-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var anvil = await AnvilNode.StartAsync();
        var admin = ChainConnection.Create(anvil.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        var addresses = await new ContractDeployer(admin.Web3).DeployAsync(new DeploymentSettings(admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        var addressesFile = Path.Combine(directory, "addresses.json");
        await addresses.SaveAsync(addressesFile);
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        var running = new List<RunningSite>();
        try
        {
            // Morning: at every site two drivers ask in the app and plug in, each site's cars at their own power.
            foreach (var (id, name, key, carW) in Sites)
            {
                running.Add(await StartSiteAsync(directory, anvil, admin, addresses, addressesFile, clock, id, name, key, carW));
            }

            await WaitForSlotsAsync(running, 2);
            // The first driver leaves; a walk-in without an account takes the charger.
            foreach (var s in running)
            {
                await s.Chargers[0].StopTransactionAsync(1);
                await s.Chargers[0].StartTransactionAsync(1, "TAG-WALK-IN", new FixedLimitCar(11_000));
            }

            await WaitForSlotsAsync(running, 4);
            foreach (var s in running)
            {
                await s.Chargers[0].StopTransactionAsync(1);
                await s.Chargers[1].StopTransactionAsync(1);
            }

            foreach (var s in running)
            {
                await UntilAsync(s, async () => await SiteDatabase.ScalarAsync(s.Database, "SELECT COUNT(*) FROM session_settlements") == 3, "settled its three sessions");
                await UntilAsync(s, async () => await SiteDatabase.ScalarAsync(s.Database, $"SELECT COUNT(*) FROM chain_outbox WHERE kind = '{ChainOutboxKinds.Settlement}' AND state = 'confirmed'") == 2, "has its two drivers' sessions settled on chain");
            }

            // Each site's own figures, from its own API: settled on chain, energy, and its drivers' receipts.
            var own = new Dictionary<string, (int Sessions, long EnergyWh, BigInteger Tokens)>();
            foreach (var s in running)
            {
                own[s.Site.IdHex] = await OwnFiguresAsync(s);
                own[s.Site.IdHex].Sessions.Should().Be(2, "the walk-in has no wallet: billed on the site, not on chain");
            }

            // The API of a running edge shows the whole fleet, its own site marked.
            var (status, api) = await GetAsync(running[0], "api/v1/fleet", Viewer);
            status.Should().Be(HttpStatusCode.OK, api.ToString());
            var apiSites = api.GetProperty("sites").EnumerateArray().ToList();
            apiSites.Select(x => x.GetProperty("name").GetString()).Should().BeEquivalentTo(Sites.Select(x => x.Name));
            apiSites.Where(x => x.GetProperty("thisSite").GetBoolean()).Should().ContainSingle().Which.GetProperty("siteId").GetString().Should().Be(running[0].Site.IdHex);
            foreach (var x in apiSites)
            {
                var figures = own[x.GetProperty("siteId").GetString()!];
                (x.GetProperty("sessionsSettled").GetInt32(), x.GetProperty("energyWh").GetInt64(), BigInteger.Parse(x.GetProperty("tokensBaseUnits").GetString()!, CultureInfo.InvariantCulture))
                    .Should().Be(figures, "the fleet API's figures of {0} equal that site's own", x.GetProperty("name").GetString());
            }

            // Stop the sites, then send what their outboxes still hold, so the chain has every slot each queued.
            foreach (var s in running)
            {
                await s.StopAsync();
            }

            foreach (var s in running)
            {
                await DrainAsync(s, anvil, addresses);
            }

            var view = await new FleetReader(new Nethereum.Web3.Web3(anvil.RpcUrl), addresses, new FleetReadOptions { BlocksPerPage = 25 }).ReadAsync();
            view.Sites.Should().HaveCount(3);
            view.LogRequests.Should().BeGreaterThan(1, "a read in pages, as on a long chain");
            var cli = await RunAsync("fleet", "--rpc", anvil.RpcUrl, "--addresses", addressesFile, "--json");
            cli.ExitCode.Should().Be(0, cli.Error);
            var cliSites = JsonDocument.Parse(cli.Output).RootElement.GetProperty("sites").EnumerateArray().ToDictionary(x => x.GetProperty("siteId").GetString()!);
            var table = await RunAsync("fleet", "--rpc", anvil.RpcUrl, "--addresses", addressesFile);
            table.ExitCode.Should().Be(0, table.Error);
            // Another chain's address file, or no node: a clear error and no figures.
            var otherChainFile = Path.Combine(directory, "other-chain.json");
            await (addresses with { ChainId = 1 }).SaveAsync(otherChainFile);
            var otherChain = await RunAsync("fleet", "--rpc", anvil.RpcUrl, "--addresses", otherChainFile);
            (otherChain.ExitCode, otherChain.Output).Should().Be((1, ""));
            otherChain.Error.Should().Contain("is chain 31337, the address file names chain 1");
            var noNode = await RunAsync("fleet", "--rpc", "http://127.0.0.1:1", "--addresses", addressesFile);
            (noNode.ExitCode, noNode.Output).Should().Be((2, ""));
            noNode.Error.Should().StartWith("error: the chain node at http://127.0.0.1:1 cannot be read");

            foreach (var s in running)
            {
                var slots = await ConfirmedSlotsAsync(s.Database);
                (await SiteDatabase.ScalarAsync(s.Database, "SELECT COUNT(*) FROM chain_outbox WHERE state <> 'confirmed'")).Should().Be(0, "every record of {0} landed, none parked as another site's", s.Site.SiteMapId);
                var site = view.Sites.Should().ContainSingle(x => x.SiteIdHex == s.Site.IdHex).Subject;
                site.Name.Should().Be(s.Name);
                site.Operator.Should().BeEquivalentTo(s.OperatorAccount);
                site.SlotsCommitted.Should().Be(slots.Count, "{0}'s confirmed slot records are its slots on chain", s.Site.SiteMapId);
                site.FirstSlot!.SlotId.Should().Be(slots.Min());
                site.LastSlot!.SlotId.Should().Be(slots.Max());
                (site.SessionsSettled, site.EnergyWh, site.TokensBaseUnits).Should().Be(own[s.Site.IdHex]);
                site.EnergyWh.Should().BePositive();
                site.TokensBaseUnits.Should().BeGreaterThan(BigInteger.Zero, "the drivers gave flexibility:\n{0}", await DescribeAsync(s.Database));
                var version = site.AlgorithmVersions.Should().ContainSingle("one build ran every site").Subject;
                version.Slots.Should().Be(slots.Count);
                version.CodeHash.Should().NotBeNull("the version the slots name is published");
                site.LastVerification!.Slot.SlotId.Should().Be(slots.Max());
                site.LastVerification.CommitmentMatches.Should().BeTrue();
                site.LastVerification.AlgorithmPublished.Should().BeTrue();

                var c = cliSites[s.Site.IdHex];
                (c.GetProperty("slotsCommitted").GetInt32(), c.GetProperty("sessionsSettled").GetInt32(), c.GetProperty("energyWh").GetInt64(), c.GetProperty("tokensBaseUnits").GetString())
                    .Should().Be((site.SlotsCommitted, site.SessionsSettled, site.EnergyWh, site.TokensBaseUnits.ToString(CultureInfo.InvariantCulture)), "fleet --json shows what the reader reads");
                table.Output.Should().Contain(s.Name);

                // Every slot this site committed checks out against its own archive, its own records on chain.
                var from = DateTimeOffset.FromUnixTimeSeconds((long)slots.Min() * 900);
                var to = DateTimeOffset.FromUnixTimeSeconds((long)(slots.Max() + 1) * 900);
                var verify = await RunAsync("verify", "--db", s.Database, "--from", Iso(from), "--to", Iso(to), "--rpc", anvil.RpcUrl, "--addresses", addressesFile, "--site", s.Site.SiteMapId);
                verify.ExitCode.Should().Be(0, "verify passes for {0}:\n{1}\n{2}", s.Site.SiteMapId, verify.Output, verify.Error);
            }

            view.SlotsCommitted.Should().Be(view.Sites.Sum(x => x.SlotsCommitted));
            (view.SessionsSettled, view.EnergyWh).Should().Be((6, own.Values.Sum(x => x.EnergyWh)));
            view.TokensBaseUnits.Should().Be(own.Values.Aggregate(BigInteger.Zero, (sum, x) => sum + x.Tokens));
        }
        finally
        {
            foreach (var s in running)
            {
                await s.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<RunningSite> StartSiteAsync(
        string directory, AnvilNode anvil, ChainConnection admin, ChainAddresses addresses, string addressesFile, TimeProvider clock, string id, string name, int key, long carW)
    {
        var site = new ChainSite(id);
        var operatorKey = Path.Combine(directory, $"{id}.key");
        await File.WriteAllTextAsync(operatorKey, AnvilNode.DevPrivateKeys[key]);
        var operatorAccount = new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[key]).Address;
        await new SiteJoiner(admin.Web3, addresses).JoinAsync(site, operatorAccount, name);
        var masterKey = Path.Combine(directory, $"{id}-wallet-master.key");
        await File.WriteAllTextAsync(masterKey, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var yaml = TestSiteMap.Yaml(1, 2, 33_000).Replace("  id: reliability", $"  id: {id}\n  name: {name}", StringComparison.Ordinal);
        var host = await EdgeTestHost.StartAsync(clock, yaml, o =>
        {
            o.Chain.RpcUrl = anvil.RpcUrl;
            o.Chain.AddressesFile = addressesFile;
            o.Chain.OperatorKeyFile = operatorKey;
            o.Chain.WalletMasterKeyFile = masterKey;
            o.Chain.KeystoreScryptN = 4096;
            // A card joins its account when presented within the claim time: ten minutes pass in 2.5 s at 240x.
            o.Cards.ClaimMinutes = 1440;
            o.Api.Tokens = [new ApiTokenOptions { Name = "fleet wall", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(Viewer) }];
        }, Path.Combine(directory, id));
        var running = new RunningSite(site, name, operatorAccount, host, AnvilNode.DevPrivateKeys[key]);
        foreach (var cp in new[] { TestSiteMap.Id(1, 1), TestSiteMap.Id(1, 2) })
        {
            var charger = new SimulatedChargePoint(new SimulatedChargePointOptions
            {
                ChargePointId = cp,
                CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                AuthorizationKey = TestSiteMap.Key(cp),
                AllowedChargingRateUnits = "Power",
                CallTimeout = TimeSpan.FromSeconds(20 * Speed),
            }, clock);
            running.Chargers.Add(charger);
            await charger.ConnectAsync();
            await charger.BootAsync();
            var login = $"{id}-driver-{running.Chargers.Count}";
            var driver = await SignUpWithRequestAsync(host, login, $"TAG-{login}".ToUpperInvariant(), cp, clock);
            running.Drivers.Add(driver);
            await charger.StartTransactionAsync(1, driver.IdTag, new FixedLimitCar(carW));
        }

        return running;
    }

    private static async Task WaitForSlotsAsync(IEnumerable<RunningSite> sites, int slots)
    {
        foreach (var s in sites)
        {
            await UntilAsync(s, async () => await SiteDatabase.ScalarAsync(s.Database, $"SELECT COUNT(*) FROM chain_outbox WHERE state = 'confirmed' AND kind = '{ChainOutboxKinds.SlotStatus}'") >= slots, $"has {slots} slots on chain");
        }
    }

    /// <summary>Waits for a state of one site; on a timeout, says what its sessions and chain outbox hold.</summary>
    private static async Task UntilAsync(RunningSite s, Func<Task<bool>> condition, string because)
    {
        try
        {
            await Poll.UntilAsync(condition, $"{s.Site.SiteMapId} {because}", 60);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await DescribeAsync(s.Database)}", e);
        }
    }

    private static async Task<string> DescribeAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 'tx ' || t.id || ' ' || t.id_tag || ' stopped ' || IFNULL(t.stopped_at, '-') || ' settled ' || IFNULL(st.energy_wh, '-') || ' Wh, ' || IFNULL(st.flexibility_kwh_h, '-') || ' kWh·h' FROM transactions t LEFT JOIN session_settlements st ON st.transaction_id = t.id
            UNION ALL SELECT 'request ' || id || ' user ' || user_id || ' ' || charge_point_id || ' ' || state || ' tx ' || IFNULL(transaction_id, '-') || ' opt-in ' || opt_in FROM charging_requests
            UNION ALL SELECT 'outbox ' || kind || ' ' || key || ' ' || state || ' ' || IFNULL(last_error, '') FROM chain_outbox WHERE kind <> 'chain.slot-status' OR state <> 'confirmed'
            """;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The site's sessions settled on chain and their energy (its /sessions list), and its drivers' tokens (their receipts).</summary>
    private static async Task<(int Sessions, long EnergyWh, BigInteger Tokens)> OwnFiguresAsync(RunningSite s)
    {
        var (status, page) = await GetAsync(s, "api/v1/sessions?limit=500", Viewer);
        status.Should().Be(HttpStatusCode.OK, page.ToString());
        var onChain = page.GetProperty("items").EnumerateArray().Where(x => x.GetProperty("settlementState").ValueKind == JsonValueKind.String && x.GetProperty("settlementState").GetString() == "confirmed").ToList();
        var tokens = BigInteger.Zero;
        foreach (var driver in s.Drivers)
        {
            var (receiptsStatus, receipts) = await GetAsync(s, "api/v1/me/sessions", driver.Token);
            receiptsStatus.Should().Be(HttpStatusCode.OK, receipts.ToString());
            foreach (var r in receipts.GetProperty("items").EnumerateArray())
            {
                tokens += BigInteger.Parse(r.GetProperty("tokensBaseUnits").GetString()!, CultureInfo.InvariantCulture);
            }
        }

        return (onChain.Count, onChain.Sum(x => x.GetProperty("energyWh").GetInt64()), tokens);
    }

    private static async Task DrainAsync(RunningSite s, AnvilNode anvil, ChainAddresses addresses)
    {
        await using var db = await EdgeDatabase.OpenAsync(s.Database);
        var outbox = new ChainOutboxRepository(db);
        var writer = new OutboxWriter(outbox, ChainConnection.Create(anvil.RpcUrl, s.OperatorKey, 31337), addresses, s.Site, TimeProvider.System);
        await Poll.UntilAsync(async () => await writer.DrainOnceAsync() is DrainOutcome.Drained or DrainOutcome.Idle && (await outbox.GetStatsAsync()).PendingCount == 0 && (await outbox.GetStatsAsync()).SentCount == 0, $"{s.Site.SiteMapId}'s outbox is sent", 60);
    }

    private static async Task<List<ulong>> ConfirmedSlotsAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT key FROM chain_outbox WHERE state = 'confirmed' AND kind = '{ChainOutboxKinds.SlotStatus}'";
        var slots = new List<ulong>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            slots.Add(ulong.Parse(reader.GetString(0)["slot:".Length..], CultureInfo.InvariantCulture));
        }

        return slots;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(RunningSite s, string path, string token)
    {
        using var http = new HttpClient { BaseAddress = s.Host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone());
    }

    private static async Task<(string IdTag, string Token)> SignUpWithRequestAsync(EdgeTestHost host, string login, string idTag, string chargePointId, TimeProvider clock)
    {
        using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var signUp = await http.PostAsJsonAsync("api/v1/me/sign-up", new { login, password = "correct horse battery", idTag });
        signUp.StatusCode.Should().Be(HttpStatusCode.Created);
        var token = (await signUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/me/requests")
        {
            Content = JsonContent.Create(new { chargePointId, connectorId = 1, optIn = true, energyKWh = 10, departure = clock.GetUtcNow().AddHours(8) }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var answer = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        return (idTag, token);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await EdgeCommandLine.Build().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
