using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.Cli;
using OliMove.Edge.Hosting;
using OliMove.Edge.Testing;
using OliMove.Tools.PvSimulator;
using AcceleratedTimeProvider = OliMove.Edge.Hosting.AcceleratedTimeProvider;

namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>
/// Issue 18 (decision 0346): the site map's meters are SC1 assets with what they measure, each slot's SC2 record has
/// a row per meter that `verify` checks against the chain, and a site-map reload registers new assets and retires
/// removed ones. A real anvil, the real outbox and (for readings) a real SunSpec meter over Modbus TCP.
/// </summary>
public sealed class MeterAssetsOnChainTests
{
    // A 15-minute slot every 7.5 s; meter polls and staleness stay in real time (transport scale).
    private const double Speed = 120;

    private static string SiteMap(string siteId, int meterPort, params string[] meterIds)
    {
        var meters = new Dictionary<string, string>
        {
            ["grid-meter"] = "gridConnection: true",
            ["cabinet-meter"] = "circuit: cabinet",
            ["pump-meter"] = "otherLoad: pump",
        };
        var declared = string.Concat(meterIds.Select(id => $"""

              - id: {id}
                {meters[id]}
                modbus:
                  host: 127.0.0.1
                  port: {meterPort}
                  unitId: 1
            """));
        return $"""
            site:
              id: {siteId}
            gridConnection:
              limitA: 125
            circuits:
              - id: cabinet
                limitA: 100
              - id: carport
                parent: cabinet
                limitA: 63
            chargePoints:
              - chargePointId: MC-CP-1
                circuit: carport
                chargingRateUnit: W
                authorizationKeyHash: "{OliMove.SiteMap.AuthorizationKeyHash.Create("demo-key-MC-CP-1")}"
                connectors:
                  - connectorId: 1
                    evseId: "DE*OLI*E9201*1"
                    connectionType: Type2
                    ratedPowerW: 22080
                    phases: 3
            otherLoads:
              - id: building
                circuit: cabinet
                meteredWorstCaseW: 20000
              - id: pump
                circuit: carport
                meteredWorstCaseW: 3000
                phases: 1
                phase: L2
            meters:{declared}

            """;
    }

    [Fact]
    public async Task A_sites_meters_are_registered_each_slot_record_has_their_rows_and_verify_catches_a_changed_meter_row()
    {
        await using var run = await ChainedSite.StartAsync("meters-on-chain");
        await using var meter = new SunSpecInverterSimulator(new SimulatorOptions { MeterModelId = 203 }, TimeProvider.System, _ => 0);
        var port = meter.Start();
        meter.SetMeterPhasePowers(4_000, 4_100, 3_900);
        await run.StartHostAsync(SiteMap(run.Site.SiteMapId, port, "cabinet-meter", "grid-meter"));

        // SC1: what each meter measures, its lines and the limit of what it measures (230 V nominal).
        await run.UntilAsync(async () => await run.Registry.IndexOfAsync(run.Site.Id, "grid-meter") != 0, "the meters are registered");
        var cabinet = (await run.Registry.GetMeterAsync(run.Site.Id, "cabinet-meter"))!;
        (cabinet.Measures, cabinet.Target, cabinet.Phases, cabinet.LimitW, cabinet.Group).Should().Be(((byte)MeterScope.Circuit, "cabinet", (byte)0b111, 69_000u, "cabinet"));
        var grid = (await run.Registry.GetMeterAsync(run.Site.Id, "grid-meter"))!;
        (grid.Measures, grid.Target, grid.Phases, grid.LimitW, grid.Group).Should().Be(((byte)MeterScope.GridConnection, "", (byte)0b111, 86_250u, ""));
        var cabinetIndex = await run.Registry.IndexOfAsync(run.Site.Id, "cabinet-meter");
        var gridIndex = await run.Registry.IndexOfAsync(run.Site.Id, "grid-meter");

        // SC2: every committed slot names both meters after the connector. Whether a given slot's reading was fresh
        // depends on the machine's load, so the test waits for a slot with a usable reading rather than assuming one.
        IReadOnlyList<(ulong Slot, IReadOnlyList<PackedStatusRow> Rows)> slots = [];
        await run.UntilAsync(
            async () =>
            {
                slots = await run.CommittedSlotsAsync();
                return slots.Any(s => s.Rows.Any(r => r.AssetIndex == cabinetIndex && r.Status == AssetStatusCode.Available));
            },
            "a slot record carries a fresh reading of the cabinet meter",
            120);
        foreach (var (slot, rows) in slots)
        {
            rows.Select(r => r.AssetIndex).Should().EndWith([cabinetIndex, gridIndex], $"slot {slot} lists the meters after the connector, by id");
            foreach (var row in rows.Where(r => r.AssetIndex == cabinetIndex || r.AssetIndex == gridIndex))
            {
                row.Status.Should().BeOneOf(AssetStatusCode.Available, AssetStatusCode.Unavailable);
                row.MeasuredW.Should().Be(row.Status == AssetStatusCode.Available ? 12_000 : 0, "a meter row carries the total the meter reads, 0 without a usable reading");
                (row.SetpointW, row.UserEnergyLeftWh, row.UserTimeLeftS).Should().Be((0, 0u, 0u));
            }
        }

        await run.StopHostAsync();

        // verify: the archive's rows, packed with the registry's indices, hash to each slot's committed rowsHash...
        var from = DateTimeOffset.FromUnixTimeSeconds((long)slots.Min(s => s.Slot) * 900);
        var to = DateTimeOffset.FromUnixTimeSeconds(((long)slots.Max(s => s.Slot) + 1) * 900);
        var clean = await run.VerifyAsync(run.Database, from, to);
        clean.ExitCode.Should().Be(0, clean.Output);

        // ...and a meter's measured power changed in the archive is caught by the rows hash.
        var victim = slots.First(s => s.Rows.Any(r => r.AssetIndex == cabinetIndex && r.Status == AssetStatusCode.Available)).Slot;
        var copy = Path.Combine(run.Directory, "tampered.db");
        await ExecuteAsync(run.Database, "VACUUM INTO $path", ("$path", copy));
        var meterRow = slots.Single(s => s.Slot == victim).Rows.Count - 2;
        (await ExecuteAsync(copy, $"UPDATE chain_outbox SET payload_json = json_set(payload_json, '$.rows[{meterRow}].measuredW', 13000) WHERE key = $key", ("$key", $"slot:{victim}")))
            .Should().Be(1);
        var tampered = await run.VerifyAsync(copy, from, to);
        tampered.ExitCode.Should().Be(1, tampered.Output);
        tampered.Output.Should().Contain($"status rows at slot {victim} on chain");
        tampered.Output.Split('\n').Where(l => l.StartsWith("slot ", StringComparison.Ordinal) && l.EndsWith("MISMATCH", StringComparison.Ordinal))
            .Should().ContainSingle(tampered.Output).Which.Should().StartWith($"slot {victim} ");
    }

    [Fact]
    public async Task A_reload_registers_a_new_meter_retires_a_removed_one_and_brings_it_back_when_the_map_has_it_again()
    {
        await using var run = await ChainedSite.StartAsync("meters-reload");
        // Nothing answers on this port: the meters are registered all the same, their rows say Faulted.
        var port = FreePort();
        await run.StartHostAsync(SiteMap(run.Site.SiteMapId, port, "grid-meter"));
        await run.UntilAsync(async () => await run.Registry.IndexOfAsync(run.Site.Id, "grid-meter") != 0, "the grid meter is registered at start");
        var gridIndex = await run.Registry.IndexOfAsync(run.Site.Id, "grid-meter");
        (await run.Registry.IndexOfAsync(run.Site.Id, "pump-meter")).Should().Be(0u);

        await run.ReloadAsync(SiteMap(run.Site.SiteMapId, port, "pump-meter"));

        await run.UntilAsync(async () => await run.Registry.IsRetiredAsync(gridIndex), "the grid meter the map no longer has is retired");
        var pumpIndex = await run.Registry.IndexOfAsync(run.Site.Id, "pump-meter");
        pumpIndex.Should().NotBe(0u, "the reload registered the new meter before retiring the old one");
        var pump = (await run.Registry.GetMeterAsync(run.Site.Id, "pump-meter"))!;
        (pump.Measures, pump.Target, pump.Phases, pump.LimitW, pump.Group).Should().Be(((byte)MeterScope.OtherLoad, "pump", (byte)0b010, 3_000u, "cabinet"));
        (await run.Registry.IsRetiredAsync(pumpIndex)).Should().BeFalse();

        // A slot committed after the reload names the new meter and lands (its registration was queued first).
        await run.UntilAsync(
            async () => (await run.CommittedSlotsAsync()).Any(s => s.Rows.Any(r => r.AssetIndex == pumpIndex)),
            "a slot record with the new meter's row is on chain",
            120);
        (await run.FailedOutboxItemsAsync()).Should().Be(0, "no slot record named an asset the chain did not know");

        // The map as it was: the grid meter is back under its old index, the pump meter is retired.
        await run.ReloadAsync(SiteMap(run.Site.SiteMapId, port, "grid-meter"));
        await run.UntilAsync(async () => !await run.Registry.IsRetiredAsync(gridIndex) && await run.Registry.IsRetiredAsync(pumpIndex), "the grid meter is back and the pump meter retired");
        (await run.Registry.IndexOfAsync(run.Site.Id, "grid-meter")).Should().Be(gridIndex);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<int> ExecuteAsync(string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>An anvil with the contracts deployed and one site joined, and an edge host writing to it.</summary>
    private sealed class ChainedSite : IAsyncDisposable
    {
        private AnvilNode _node = null!;
        private ChainAddresses _addresses = null!;
        private ChainConnection _admin = null!;
        private EdgeTestHost? _host;

        public ChainSite Site { get; private init; } = null!;

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "olimove-meter-chain-" + Guid.NewGuid().ToString("N"));

        public AssetRegistryClient Registry { get; private set; } = null!;

        public AcceleratedTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow, Speed);

        public string Database => Path.Combine(Directory, "host", "edge.db");

        private string AddressesFile => Path.Combine(Directory, "addresses.json");

        public static async Task<ChainedSite> StartAsync(string siteMapId)
        {
            var run = new ChainedSite { Site = new ChainSite(siteMapId) };
            System.IO.Directory.CreateDirectory(run.Directory);
            run._node = await AnvilNode.StartAsync();
            var admin = run._admin = ChainConnection.Create(run._node.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
            run._addresses = await new ContractDeployer(admin.Web3).DeployAsync(new DeploymentSettings(admin.Address, 30, DeploymentSettings.OneTokenPerKWhH));
            await run._addresses.SaveAsync(run.AddressesFile);
            await new SiteJoiner(admin.Web3, run._addresses).JoinAsync(run.Site, new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[1]).Address, siteMapId);
            run.Registry = new AssetRegistryClient(admin.Web3, run._addresses.AssetRegistry);
            return run;
        }

        public async Task StartHostAsync(string siteMapYaml)
        {
            var operatorKey = Path.Combine(Directory, "operator.key");
            await File.WriteAllTextAsync(operatorKey, AnvilNode.DevPrivateKeys[1]);
            var masterKey = Path.Combine(Directory, "wallet-master.key");
            await File.WriteAllTextAsync(masterKey, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            _host = await EdgeTestHost.StartAsync(Clock, siteMapYaml, o =>
            {
                o.Chain.RpcUrl = _node.RpcUrl;
                o.Chain.AddressesFile = AddressesFile;
                o.Chain.OperatorKeyFile = operatorKey;
                o.Chain.WalletMasterKeyFile = masterKey;
                o.Chain.KeystoreScryptN = 4096;
            }, Path.Combine(Directory, "host"));
            _host.Options.Database.Should().Be(Database);
        }

        public async Task ReloadAsync(string siteMapYaml)
        {
            await File.WriteAllTextAsync(_host!.Options.SiteMap, siteMapYaml);
            (await _host.Get<SiteMapReloadService>().ReloadAsync(CancellationToken.None)).Should().BeTrue("the edited map is valid");
        }

        public async Task StopHostAsync()
        {
            await _host!.StopAsync();
            SqliteConnection.ClearAllPools();
        }

        /// <summary>Each slot this site committed on chain, with its status rows as the chain has them.</summary>
        public async Task<IReadOnlyList<(ulong Slot, IReadOnlyList<PackedStatusRow> Rows)>> CommittedSlotsAsync()
        {
            var status = new AssetStatusClient(_admin.Web3, _addresses.AssetStatus);
            var result = new List<(ulong, IReadOnlyList<PackedStatusRow>)>();
            foreach (var commitment in (await status.GetAllSlotCommitmentsAsync(Site.Id, _addresses.DeployedAtBlock)).OrderBy(c => c.SlotId))
            {
                result.Add((commitment.SlotId, await status.GetStatusRowsAsync(Site.Id, commitment.SlotId, _addresses.DeployedAtBlock)));
            }

            return result;
        }

        public async Task<long> FailedOutboxItemsAsync()
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM chain_outbox WHERE state = 'failed'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public async Task<(int ExitCode, string Output)> VerifyAsync(string database, DateTimeOffset from, DateTimeOffset to)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var exit = await EdgeCommandLine.Build()
                .Parse(["verify", "--db", database, "--from", Iso(from), "--to", Iso(to), "--rpc", _node.RpcUrl, "--addresses", AddressesFile, "--site", Site.SiteMapId])
                .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
            return (exit, $"{output}\n{error}");
        }

        public async Task UntilAsync(Func<Task<bool>> condition, string because, int seconds = 60)
        {
            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (!await condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"timed out waiting until {because}");
                }

                await Task.Delay(200);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }

            await _node.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
