using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Hosting;
using OliMove.Edge.Testing;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 12, faults: the chain is down for hours. The real service on an accelerated clock with a real anvil;
/// drivers' sessions end and slots keep closing while anvil is stopped for more than three simulated hours; anvil
/// comes back with its state file (same chain, same contracts) and the outbox drains by itself: every item queued
/// meanwhile is on chain exactly once, in queue order, and no token is minted twice.
/// </summary>
public class ChainOutageTests
{
    // One 15-minute slot every 1.5 s: three and a quarter hours of outage take about 20 s.
    private const double Speed = 600;
    private static readonly TimeSpan Outage = TimeSpan.FromHours(3.25);
    private static readonly BigInteger BaseUnitsPerWhH = BigInteger.Pow(10, 15); // 1 token per kWh·h, 18 decimals

    [Fact]
    public async Task With_the_chain_down_for_hours_every_queued_item_lands_exactly_once_and_in_order_when_it_returns()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-chain-outage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var state = Path.Combine(directory, "anvil-state.json");
        var nodes = new List<AnvilNode> { await AnvilNode.StartAsync(new AnvilOptions(StateFile: state)) };
        var fleet = new List<SimulatedChargePoint>();
        EdgeTestHost? host = null;
        try
        {
            var anvil = nodes[0];
            var admin = ChainConnection.Create(anvil.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
            var site = new ChainSite("reliability");
            var addresses = await TestChainDeployment.DeployAndJoinAsync(admin, site.SiteMapId, admin.Address);
            var addressesFile = Path.Combine(directory, "addresses.json");
            await addresses.SaveAsync(addressesFile);
            var operatorKey = Path.Combine(directory, "operator.key");
            await File.WriteAllTextAsync(operatorKey, AnvilNode.DevPrivateKeys[0]);
            var masterKey = Path.Combine(directory, "wallet-master.key");
            await File.WriteAllTextAsync(masterKey, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

            var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
            host = await EdgeTestHost.StartAsync(clock, TestSiteMap.Yaml(1, 3, 33_000), o =>
            {
                o.Chain.RpcUrl = anvil.RpcUrl;
                o.Chain.AddressesFile = addressesFile;
                o.Chain.OperatorKeyFile = operatorKey;
                o.Chain.WalletMasterKeyFile = masterKey;
                o.Chain.KeystoreScryptN = 4096;
                // The card claimed at sign-up binds at the StartTransaction that follows; the window is in site
                // minutes, and at this speed the sign-up's hashing alone outlasts the default ten.
                o.Cards.ClaimMinutes = 1440;
            }, Path.Combine(directory, "host"));
            var db = host.Options.Database;
            var writer = host.Get<ChainRuntime>().Writer!;
            using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };

            // Three drivers with wallets, each with an accepted opted-in request, plug in; the chain is up.
            var drivers = new List<(string IdTag, string Wallet, SimulatedChargePoint Charger)>();
            foreach (var i in Enumerable.Range(1, 3))
            {
                var id = TestSiteMap.Id(1, i);
                var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
                {
                    ChargePointId = id,
                    CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                    AuthorizationKey = TestSiteMap.Key(id),
                    AllowedChargingRateUnits = "Power",
                    // The simulator's timeouts run on the accelerated clock: 20 real seconds.
                    CallTimeout = TimeSpan.FromSeconds(20 * Speed),
                }, clock);
                fleet.Add(cp);
                await cp.ConnectAsync();
                await cp.BootAsync();
                var idTag = $"TAG-OUT-{i}";
                var wallet = await SignUpWithRequestAsync(http, $"outage-{i}", idTag, id, clock);
                await cp.StartTransactionAsync(1, idTag, new FixedLimitCar(3_700));
                drivers.Add((idTag, wallet, cp));
            }

            // A slot record naming all three drivers' requests is confirmed while the chain is up. Its rows are taken
            // from the sessions when the slot closes, so a slot that closed while the last driver was still plugging in
            // (or before the planner had picked up that request) names no energy left for that driver; such a record
            // may still be pending when the chain goes down, and then it is the first one queued during the outage.
            var driverKeys = drivers.Select(d => OliMove.Edge.Planning.PlanIds.ConnectorKey(d.Charger.ChargePointId, 1)).ToList();
            await Poll.UntilAsync(async () => writer.Health == ChainHealth.Healthy && (await OutboxRowsAsync(db, $"state = 'confirmed' AND kind = '{ChainOutboxKinds.SlotStatus}'"))
                .Select(r => JsonSerializer.Deserialize<SlotStatusPayload>(r.PayloadJson, ChainOutboxEntry.Json)!)
                .Any(p => driverKeys.All(k => p.Rows.Any(row => row.AssetId == k && row.UserEnergyLeftWh > 0))),
                "a slot record naming every driver's energy left is confirmed while the chain is up", 60);
            var lastConfirmedBefore = await OutboxScalarAsync(db, "SELECT MAX(id) FROM chain_outbox WHERE state = 'confirmed'");

            // The chain goes down (SIGTERM: anvil writes its state file, as a node that is shut down keeps its chain).
            await anvil.StopAsync();
            var downAt = clock.GetUtcNow();
            var downReal = Stopwatch.StartNew();
            using var outageOver = new CancellationTokenSource();
            var retries = WatchRetriesAsync(writer, outageOver.Token);

            // Sessions end at different times during the outage: their settlements queue behind the slots.
            foreach (var (after, driver) in new[] { 0.5, 1.5, 2.5 }.Zip(drivers))
            {
                await Poll.Until(() => clock.GetUtcNow() >= downAt.AddHours(after), $"{after} h into the outage", 60);
                await driver.Charger.StopTransactionAsync(1);
            }

            await Poll.Until(() => clock.GetUtcNow() >= downAt + Outage, "the outage has lasted its hours", 90);
            var queuedDuringOutage = await OutboxRowsAsync(db, $"id > {lastConfirmedBefore}");
            var stats = await writer.GetStateAsync();
            writer.Health.Should().Be(ChainHealth.Unreachable);
            stats.LastError.Should().Contain(anvil.RpcUrl);
            queuedDuringOutage.Should().OnlyContain(r => r.State == "pending" || r.State == "sent", "nothing is confirmed while the node is down");

            // SC2 real values (issue 19): a slot while the drivers charge names each one's energy and time left.
            var chargingSlot = JsonSerializer.Deserialize<SlotStatusPayload>(queuedDuringOutage.First(r => r.Kind == ChainOutboxKinds.SlotStatus).PayloadJson, ChainOutboxEntry.Json)!;
            foreach (var (_, _, charger) in drivers)
            {
                var row = chargingSlot.Rows.Single(r => r.AssetId == OliMove.Edge.Planning.PlanIds.ConnectorKey(charger.ChargePointId, 1));
                row.UserEnergyLeftWh.Should().BeInRange(1, 10_000, "the driver asked for 10 kWh and has not had it all yet");
                row.UserTimeLeftS.Should().BeInRange(1, 8 * 3600, "the driver leaves within 8 h of asking");
            }
            queuedDuringOutage.Count(r => r.Kind == ChainOutboxKinds.Settlement).Should().Be(3);
            queuedDuringOutage.Count(r => r.Kind == ChainOutboxKinds.SlotStatus).Should().BeGreaterThanOrEqualTo(8, "a slot closes every 15 minutes for three hours (a loaded machine may skip a boundary)");
            (await OutboxCountAsync(db, "state = 'failed'")).Should().Be(0, "an unreachable node is never a reason to give an item up");
            var outageSimulated = clock.GetUtcNow() - downAt;
            var outageReal = downReal.Elapsed;
            await outageOver.CancelAsync();
            var (passes, longestBackoff) = await retries;
            passes.Should().BeGreaterThanOrEqualTo(5, "the writer keeps trying while the node is down");

            // The node comes back on the same URL with the same chain.
            nodes.Add(await AnvilNode.StartAsync(new AnvilOptions(Port: anvil.Port, StateFile: state)));
            var drain = Stopwatch.StartNew();
            await Poll.UntilAsync(async () => (await OutboxRowsAsync(db, $"id > {lastConfirmedBefore} AND id <= {queuedDuringOutage[^1].Id} AND state <> 'confirmed'")).Count == 0 && writer.Health == ChainHealth.Healthy,
                "every item queued during the outage is confirmed", 60);
            var drained = drain.Elapsed;

            // In queue order: the confirmation blocks never go back as the outbox ids go up.
            var confirmed = await OutboxRowsAsync(db, "state = 'confirmed'");
            confirmed.Where(r => r.ConfirmedBlock is not null).Select(r => r.ConfirmedBlock!.Value).Should().BeInAscendingOrder("the outbox is sent strictly oldest first");
            (await OutboxCountAsync(db, "state = 'failed'")).Should().Be(0);

            // Exactly once on chain: each slot once, each session once, tokens minted once.
            var chain = ChainConnection.Create(nodes[^1].RpcUrl, AnvilNode.DevPrivateKeys[1], 31337);
            var slotsOnChain = (await new AssetStatusClient(chain.Web3, addresses.AssetStatus).GetAllSlotCommitmentsAsync(site.Id)).Select(c => c.SlotId).ToList();
            slotsOnChain.Should().OnlyHaveUniqueItems("no slot is recorded twice");
            var confirmedSlots = confirmed.Where(r => r.Kind == ChainOutboxKinds.SlotStatus).Select(r => ulong.Parse(r.Key["slot:".Length..], CultureInfo.InvariantCulture)).ToList();
            slotsOnChain.Should().Contain(confirmedSlots.Where(id => queuedDuringOutage.Any(q => q.Key == $"slot:{id}")), "every slot queued during the outage is on chain");
            slotsOnChain.Should().BeInAscendingOrder();

            var settledOnChain = await new ChargingSettlementClient(chain.Web3, addresses.ChargingSettlement).GetSettledEventsAsync(site.Id);
            var settlements = queuedDuringOutage.Where(r => r.Kind == ChainOutboxKinds.Settlement)
                .Select(r => JsonSerializer.Deserialize<SettlementPayload>(r.PayloadJson, ChainOutboxEntry.Json)!).ToList();
            settledOnChain.Should().HaveCount(3, "three sessions, each settled once");
            var token = new FlexTokenClient(chain.Web3, addresses.FlexToken);
            foreach (var payload in settlements)
            {
                var events = settledOnChain.Where(e => e.SessionNumber == ChainIds.SessionNumber(payload.SessionKey)).ToList();
                events.Should().ContainSingle($"session {payload.SessionKey} is settled once");
                events[0].EnergyWh.Should().Be((uint)payload.EnergyWh);
                payload.FlexibilityWhH.Should().BePositive("an opted-in 3.7 kW car on an 11 kW connector left flexibility");
                (await token.BalanceOfAsync(payload.UserAddress)).Should().Be(BaseUnitsPerWhH * payload.FlexibilityWhH, "the driver's tokens are minted once");
            }

            settlements.Select(s => s.UserAddress.ToUpperInvariant()).Should().BeEquivalentTo(drivers.Select(d => d.Wallet.ToUpperInvariant()), "each driver's session pays into that driver's wallet");
            (await token.TotalSupplyAsync()).Should().Be(settlements.Aggregate(BigInteger.Zero, (sum, s) => sum + (BaseUnitsPerWhH * s.FlexibilityWhH)));
            writer.Health.Should().Be(ChainHealth.Healthy);

            ReliabilityScale.Report("chain down for hours", string.Create(CultureInfo.InvariantCulture,
                $"anvil stopped for {outageSimulated.TotalHours:0.00} simulated h ({outageReal.TotalSeconds:0.0} s real at {Speed:0}x): {queuedDuringOutage.Count} items queued ({queuedDuringOutage.Count(r => r.Kind == ChainOutboxKinds.SlotStatus)} slots, 3 settlements), 0 failed; the writer retried at least {passes} times (backoff up to {longestBackoff.TotalSeconds:0} s real, cut short by each new item); restarted with its state file: drained in {drained.TotalSeconds:0.0} s, each slot and session once on chain in queue order, token supply = sum of settled flexibility"));
        }
        finally
        {
            // Chargers first: the service's shutdown waits for their WebSockets to close.
            foreach (var cp in fleet)
            {
                await cp.DisposeAsync();
            }

            if (host is not null)
            {
                await host.DisposeAsync();
            }

            foreach (var node in nodes)
            {
                await node.DisposeAsync();
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

    private static async Task<string> SignUpWithRequestAsync(HttpClient http, string login, string idTag, string chargePointId, TimeProvider clock)
    {
        var signUp = await http.PostAsJsonAsync("api/v1/me/sign-up", new { login, password = "correct horse battery", idTag });
        signUp.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await signUp.Content.ReadFromJsonAsync<JsonElement>();
        var wallet = body.GetProperty("walletAddress").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/me/requests")
        {
            Content = JsonContent.Create(new { chargePointId, connectorId = 1, optIn = true, energyKWh = 10, departure = clock.GetUtcNow().AddHours(8) }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        var answer = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        return wallet;
    }

    /// <summary>Counts the writer's failed passes while the node is down (each one schedules a next attempt) and the longest backoff it chose.</summary>
    private static async Task<(int Passes, TimeSpan LongestBackoff)> WatchRetriesAsync(OutboxWriter writer, CancellationToken ct)
    {
        var seen = new HashSet<DateTimeOffset>();
        var longest = TimeSpan.Zero;
        while (!ct.IsCancellationRequested)
        {
            var state = await writer.GetStateAsync(CancellationToken.None);
            if (state.NextAttemptAt is { } next && seen.Add(next) && state.HealthCheckedAt is { } checkedAt && next - checkedAt > longest)
            {
                longest = next - checkedAt;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return (seen.Count, longest);
    }

    private static async Task<long> OutboxCountAsync(string databaseFile, string where) =>
        await SiteDatabase.ScalarAsync(databaseFile, $"SELECT COUNT(*) FROM chain_outbox WHERE {where}");

    private static Task<long> OutboxScalarAsync(string databaseFile, string sql) => SiteDatabase.ScalarAsync(databaseFile, sql);

    private static async Task<List<(long Id, string Kind, string Key, string PayloadJson, string State, long Attempts, long? ConfirmedBlock)>> OutboxRowsAsync(string databaseFile, string where)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, kind, key, payload_json, state, attempts, confirmed_block FROM chain_outbox WHERE {where} ORDER BY id";
        var rows = new List<(long, string, string, string, string, long, long?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        }

        return rows;
    }
}
