using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.Hosting;
using OliMove.Edge.Testing;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 19: two edge instances (two site maps, two databases, two operator keys) against one anvil and one set of
/// contracts, on one accelerated clock: both record the same slot numbers and both settle their own `tx-1`, each
/// under its own site, and neither takes the other's record for its own.
/// </summary>
public class TwoSitesOneChainTests
{
    private const double Speed = 600;

    [Fact]
    public async Task Two_sites_record_the_same_slot_and_settle_their_own_tx_1_on_one_set_of_contracts()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-two-sites-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var anvil = await AnvilNode.StartAsync();
        var admin = ChainConnection.Create(anvil.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        var addresses = await new ContractDeployer(admin.Web3).DeployAsync(new DeploymentSettings(admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
        var addressesFile = Path.Combine(directory, "addresses.json");
        await addresses.SaveAsync(addressesFile);
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        var sites = new List<(ChainSite Site, EdgeTestHost Host, SimulatedChargePoint Charger, string Wallet)>();
        try
        {
            foreach (var (name, key) in new[] { ("north", 1), ("south", 2) })
            {
                var site = new ChainSite(name);
                var operatorKey = Path.Combine(directory, $"{name}.key");
                await File.WriteAllTextAsync(operatorKey, AnvilNode.DevPrivateKeys[key]);
                await new SiteJoiner(admin.Web3, addresses).JoinAsync(site, new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[key]).Address, name);
                var masterKey = Path.Combine(directory, $"{name}-wallet-master.key");
                await File.WriteAllTextAsync(masterKey, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
                var yaml = TestSiteMap.Yaml(1, 1, 33_000).Replace("  id: reliability", $"  id: {name}", StringComparison.Ordinal);
                var host = await EdgeTestHost.StartAsync(clock, yaml, o =>
                {
                    o.Chain.RpcUrl = anvil.RpcUrl;
                    o.Chain.AddressesFile = addressesFile;
                    o.Chain.OperatorKeyFile = operatorKey;
                    o.Chain.WalletMasterKeyFile = masterKey;
                    o.Chain.KeystoreScryptN = 4096;
                    // The card claimed at sign-up binds at the StartTransaction that follows; the window is in site
                    // minutes, and ten of them are one real second at 600x: on a loaded machine the claim expired first,
                    // the card never bound, the account had no eWallet and tx-1 waited for it (decision 0393).
                    o.Cards.ClaimMinutes = 1440;
                }, Path.Combine(directory, name));
                var id = TestSiteMap.Id(1, 1);
                var charger = new SimulatedChargePoint(new SimulatedChargePointOptions
                {
                    ChargePointId = id,
                    CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                    AuthorizationKey = TestSiteMap.Key(id),
                    AllowedChargingRateUnits = "Power",
                    CallTimeout = TimeSpan.FromSeconds(20 * Speed),
                }, clock);
                sites.Add((site, host, charger, ""));
                await charger.ConnectAsync();
                await charger.BootAsync();
                using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
                var wallet = await SignUpWithRequestAsync(http, $"driver-{name}", $"TAG-{name}", id, clock);
                sites[^1] = (site, host, charger, wallet);
                await charger.StartTransactionAsync(1, $"TAG-{name}", new FixedLimitCar(3_700));
            }

            // Both commit slots on the same clock, so the same slot numbers; then each driver leaves.
            string Db((ChainSite, EdgeTestHost Host, SimulatedChargePoint, string) s) => s.Host.Options.Database;
            foreach (var s in sites)
            {
                await Poll.UntilAsync(async () => await SiteDatabase.ScalarAsync(Db(s), $"SELECT COUNT(*) FROM chain_outbox WHERE state = 'confirmed' AND kind = '{ChainOutboxKinds.SlotStatus}'") >= 2, $"{s.Site.SiteMapId} has slots on chain", 60);
            }

            foreach (var s in sites)
            {
                await s.Charger.StopTransactionAsync(1);
            }

            foreach (var s in sites)
            {
                await Poll.UntilAsync(async () => await SiteDatabase.ScalarAsync(Db(s), "SELECT COUNT(*) FROM chain_outbox WHERE state = 'confirmed' AND key = 'settlement:tx-1'") == 1, $"{s.Site.SiteMapId}'s tx-1 is settled on chain", 60);
            }

            var status = new AssetStatusClient(admin.Web3, addresses.AssetStatus);
            var settlement = new ChargingSettlementClient(admin.Web3, addresses.ChargingSettlement);
            var token = new FlexTokenClient(admin.Web3, addresses.FlexToken);
            var north = await ConfirmedSlotsAsync(Db(sites[0]));
            var south = await ConfirmedSlotsAsync(Db(sites[1]));
            var shared = north.Intersect(south).ToList();
            shared.Should().NotBeEmpty("both sites commit the same quarter hours");
            foreach (var s in sites)
            {
                (await SiteDatabase.ScalarAsync(Db(s), "SELECT COUNT(*) FROM chain_outbox WHERE state = 'failed'")).Should().Be(0, "no record of one site conflicts with the other's");
                var commitments = await status.GetSlotCommitmentsAsync(s.Site.Id, shared[0], addresses.DeployedAtBlock);
                commitments.Should().ContainSingle($"{s.Site.SiteMapId} recorded slot {shared[0]} once, under its own site");
                (await status.GetStatusRowsAsync(s.Site.Id, shared[0], addresses.DeployedAtBlock)).Should().ContainSingle("one connector per site");

                var settled = (await settlement.GetSettledEventsAsync(s.Site.Id, ChainIds.SessionNumber("tx-1"))).Should().ContainSingle().Subject;
                settled.User.Should().BeEquivalentTo(s.Wallet, "each site's tx-1 pays its own driver");
                settled.FlexibilityWhH.Should().BePositive();
                (await token.BalanceOfAsync(s.Wallet)).Should().Be(settled.Tokens, "minted once, for this site's session");

                // One tariff: the receipt says to the unit what the chain minted.
                var stored = await SiteDatabase.ScalarAsync(Db(s), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT COUNT(*) FROM session_settlements WHERE transaction_id = 1 AND tokens_base_units = '{settled.Tokens}'"));
                stored.Should().Be(1, "the receipt's tokens equal the Settled event's");
            }

            var slotRows = await status.GetStatusRowsAsync(sites[0].Site.Id, shared[0], addresses.DeployedAtBlock);
            var otherRows = await status.GetStatusRowsAsync(sites[1].Site.Id, shared[0], addresses.DeployedAtBlock);
            slotRows[0].AssetIndex.Should().NotBe(otherRows[0].AssetIndex, "the same connector id on two sites is two assets");
        }
        finally
        {
            foreach (var s in sites)
            {
                await s.Charger.DisposeAsync();
                await s.Host.DisposeAsync();
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
            slots.Add(ulong.Parse(reader.GetString(0)["slot:".Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return slots;
    }

    private static async Task<string> SignUpWithRequestAsync(HttpClient http, string login, string idTag, string chargePointId, TimeProvider clock)
    {
        var signUp = await http.PostAsJsonAsync("api/v1/me/sign-up", new { login, password = "correct horse battery", idTag });
        signUp.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await signUp.Content.ReadFromJsonAsync<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/me/requests")
        {
            Content = JsonContent.Create(new { chargePointId, connectorId = 1, optIn = true, energyKWh = 10, departure = clock.GetUtcNow().AddHours(8) }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        var answer = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        return body.GetProperty("walletAddress").GetString()!;
    }
}
