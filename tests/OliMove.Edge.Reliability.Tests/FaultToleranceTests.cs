using System.Text.Json.Nodes;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Modbus.Polling;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.PvSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>Issue 12, faults: the real service over real sockets while charge points, PV and the chain misbehave.</summary>
public class FaultToleranceTests
{
    private static SimulatedChargePoint ChargePoint(EdgeTestHost host, string id, TimeProvider? clock = null) =>
        new(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = TestSiteMap.Key(id),
            AllowedChargingRateUnits = "Power",
            CallTimeout = TimeSpan.FromSeconds(20),
        }, clock);

    private static int SetProfileCalls(SimulatedChargePoint cp)
    {
        lock (cp.ReceivedActions)
        {
            return cp.ReceivedActions.Count(a => a == "SetChargingProfile");
        }
    }

    private static bool Holds(SimulatedChargePoint cp, ChargingProfilePurposeType purpose) =>
        cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == purpose);

    [Fact]
    public async Task A_reconnect_storm_of_all_charge_points_duplicates_nothing_and_every_one_gets_its_fail_safe_and_plan_again()
    {
        var cabinets = ReliabilityScale.StormCabinets;
        const int PerCabinet = 10;
        const long CabinetLimitW = 40_000;
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(cabinets, PerCabinet, CabinetLimitW));
        var cps = TestSiteMap.Ids(cabinets, PerCabinet).Select(id => ChargePoint(host, id)).ToList();
        try
        {
            await Task.WhenAll(cps.Select(async cp =>
            {
                await cp.ConnectAsync();
                await cp.BootAsync();
                await cp.StartTransactionAsync(1, $"TAG-{cp.ChargePointId}", new FixedLimitCar(11_000));
            }));
            await Poll.Until(() => cps.All(cp => Holds(cp, ChargingProfilePurposeType.TxDefaultProfile) && Holds(cp, ChargingProfilePurposeType.TxProfile)), "all hold a fail-safe and a plan", ReliabilityScale.IsLong ? 300 : 60);
            var before = cps.ToDictionary(cp => cp.ChargePointId, SetProfileCalls);

            // All drop at once (no close handshake); meter samples taken meanwhile queue on the chargers.
            await Task.WhenAll(cps.Select(cp => cp.DropConnectionAsync()));
            await Task.WhenAll(cps.Select(cp => cp.SampleMeterValuesAsync()));
            cps.Should().OnlyContain(cp => cp.QueuedTransactionMessages == 1, "each charger queued its sample while offline");

            var storm = System.Diagnostics.Stopwatch.StartNew();
            await Task.WhenAll(cps.Select(async cp =>
            {
                await cp.ConnectAsync();
                await cp.BootAsync();
                await cp.FlushAsync();
                await cp.SampleMeterValuesAsync();
            }));
            // Each charger gets its fail-safe default again and a fresh TxProfile (control resumes): at least two new SetChargingProfile.
            await Poll.Until(() => cps.All(cp => SetProfileCalls(cp) >= before[cp.ChargePointId] + 2), "every charger got its fail-safe and plan again", ReliabilityScale.IsLong ? 300 : 60);
            storm.Stop();
            storm.Elapsed.Should().BeLessThan(TimeSpan.FromMinutes(15), "the service recovers within one slot");
            ReliabilityScale.Report("reconnect storm", System.FormattableString.Invariant(
                $"{cps.Count} CPs dropped at once and reconnected: fail-safe and plan back on all in {storm.Elapsed.TotalSeconds:0.0} s; {cps.Count} transactions stored once, 0 duplicate meter values"));

            var transactions = await SiteDatabase.TransactionsAsync(host.Options.Database);
            transactions.Should().HaveCount(cabinets * PerCabinet, "a reconnect never creates a transaction");
            transactions.Select(t => t.ChargePointId).Should().OnlyHaveUniqueItems();
            // Both sample rounds of every charger are stored (the one queued while offline too), each value once.
            (await SiteDatabase.ScalarAsync(host.Options.Database, "SELECT COUNT(DISTINCT charge_point_id || '@' || sampled_at) FROM meter_values WHERE context = 'Sample.Periodic'"))
                .Should().Be(cabinets * PerCabinet * 2);
            (await SiteDatabase.ScalarAsync(host.Options.Database, "SELECT COUNT(*) FROM (SELECT 1 FROM meter_values GROUP BY charge_point_id, connector_id, measurand, phase, sampled_at HAVING COUNT(*) > 1)"))
                .Should().Be(0);
            var live = host.Get<LiveSiteState>();
            cps.Should().OnlyContain(cp => live.ChargePoint(cp.ChargePointId).Connected && live.ChargePoint(cp.ChargePointId).FailSafeProblem == null);
            var board = host.Get<PlanBoard>();
            for (var c = 1; c <= cabinets; c++)
            {
                board.Get(TestSiteMap.Cabinet(c))!.Plan.Sessions.Sum(s => s.SetpointW).Should().BeLessThanOrEqualTo(CabinetLimitW);
            }
        }
        finally
        {
            foreach (var cp in cps)
            {
                await cp.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_charge_point_that_answers_nothing_is_flagged_and_its_neighbour_is_unaffected()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 2, 22_000), configure: o => o.Ocpp.CallTimeoutSeconds = 1);
        await using var silent = await RawOcppClient.ConnectAsync(host.OcppUri, TestSiteMap.Id(1, 1), TestSiteMap.Key(TestSiteMap.Id(1, 1)));
        (await silent.BootAsync()).Should().NotBeNull();
        await using var healthy = ChargePoint(host, TestSiteMap.Id(1, 2));
        await healthy.ConnectAsync();
        await healthy.BootAsync();

        var live = host.Get<LiveSiteState>();
        await Poll.Until(() => live.ChargePoint(TestSiteMap.Id(1, 1)).FailSafeProblem is not null, "the silent charger is flagged");
        live.ChargePoint(TestSiteMap.Id(1, 1)).FailSafeProblem.Should().Contain("no answer");
        await Poll.Until(() => Holds(healthy, ChargingProfilePurposeType.TxDefaultProfile), "the healthy charger holds its fail-safe");
        live.ChargePoint(TestSiteMap.Id(1, 2)).FailSafeProblem.Should().BeNull();
        ReliabilityScale.Report("silent CP", $"flagged: '{live.ChargePoint(TestSiteMap.Id(1, 1)).FailSafeProblem}'; neighbour got its fail-safe");
    }

    [Fact]
    public async Task A_charge_point_that_rejects_every_profile_is_flagged_with_the_refusal()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 22_000));
        await using var refusing = await RawOcppClient.ConnectAsync(host.OcppUri, TestSiteMap.Id(1, 1), TestSiteMap.Key(TestSiteMap.Id(1, 1)));
        (await refusing.BootAsync()).Should().NotBeNull();
        var received = new List<string>();
        using var stop = new CancellationTokenSource();
        var answering = refusing.AnswerCallsAsync(
            action => action switch
            {
                "SetChargingProfile" => new JsonObject { ["status"] = "Rejected" },
                "GetConfiguration" => new JsonObject { ["configurationKey"] = new JsonArray() },
                _ => new JsonObject { ["status"] = "Rejected" },
            },
            received,
            stop.Token);

        // A refusal is the charger's one problem (ProfileRefusals), no longer repeated as each profile's problem.
        var refusals = host.Get<OliMove.Edge.Dispatch.ProfileRefusals>();
        await Poll.Until(() => refusals.Problem(TestSiteMap.Id(1, 1)) is not null, "the refusing charger is flagged");
        refusals.Problem(TestSiteMap.Id(1, 1)).Should().Contain("Rejected");
        lock (received)
        {
            received.Count(a => a == "SetChargingProfile").Should().BeGreaterThanOrEqualTo(3, "a refusal is retried before it is flagged");
        }

        ReliabilityScale.Report("refusing CP", $"flagged after retries: '{refusals.Problem(TestSiteMap.Id(1, 1))}'");

        await stop.CancelAsync();
        await answering;
    }

    [Fact]
    public async Task A_charge_point_whose_clock_is_hours_off_still_has_its_session_planned_now()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 22_000));
        await using var cp = ChargePoint(host, TestSiteMap.Id(1, 1), new SkewedTimeProvider(TimeSpan.FromHours(5)));
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.StartTransactionAsync(1, "TAG-SKEW", new FixedLimitCar(11_000));
        var transactionId = cp.TransactionIdOn(1)!.Value;

        var board = host.Get<PlanBoard>();
        await Poll.Until(() => board.Get(TestSiteMap.Cabinet(1))?.Plan.Sessions.Any(s => s.SessionId == $"tx-{transactionId}" && s.SetpointW > 0) == true, "the session is planned with power now");
        await Poll.Until(() => Holds(cp, ChargingProfilePurposeType.TxProfile), "its TxProfile is installed");
        var tx = cp.Profiles.Profiles.Single(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile).Profile;
        tx.ChargingSchedule.StartSchedule.Should().BeOnOrBefore(DateTimeOffset.UtcNow.AddMinutes(1), "the schedule follows the service's clock, not the charger's");
        tx.ChargingSchedule.ChargingSchedulePeriod[0].Limit.Should().BeGreaterThan(0);
        ReliabilityScale.Report("CP clock +5 h", $"session planned now at {tx.ChargingSchedule.ChargingSchedulePeriod[0].Limit} W, schedule starts {tx.ChargingSchedule.StartSchedule:u}");
    }

    [Fact]
    public async Task A_hung_PV_inverter_is_read_as_failed_or_stale_and_plans_no_surplus()
    {
        await using var inverter = new SunSpecInverterSimulator(new SimulatorOptions { RatedPowerW = 10_000 }, TimeProvider.System, _ => 8_000);
        var port = inverter.Start();
        var pvBlock = $"""
            pvInverters:
              - id: pv-1
                circuit: {TestSiteMap.Cabinet(1)}
                ratedPowerW: 10000
                modbus:
                  host: 127.0.0.1
                  port: {port}
                  unitId: 1
            """;
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 12_000, pvBlock));
        var pv = host.Get<PvLiveState>();
        var surplus = host.Get<IPvSurplusSource>();
        await Poll.Until(() => pv.Latest("pv-1", DateTimeOffset.UtcNow)?.Status == PvReadingStatus.Ok, "the inverter is read");
        surplus.SurplusW(["pv-1"], DateTimeOffset.UtcNow, 1, DateTimeOffset.UtcNow)[0].Should().BeGreaterThan(0);

        inverter.Hang = true;
        var hungAt = System.Diagnostics.Stopwatch.StartNew();

        await Poll.Until(() => pv.Latest("pv-1", DateTimeOffset.UtcNow)?.Status is PvReadingStatus.Stale or PvReadingStatus.Failed, "the hung inverter is no longer read as Ok", 60);
        surplus.SurplusW(["pv-1"], DateTimeOffset.UtcNow, 1, DateTimeOffset.UtcNow)[0].Should().Be(0, "a hung inverter never keeps its last good value");
        ReliabilityScale.Report("hung PV inverter", System.FormattableString.Invariant($"{pv.Latest("pv-1", DateTimeOffset.UtcNow)!.Status} after {hungAt.Elapsed.TotalSeconds:0.0} s; planned surplus 0 W"));
    }

    [Fact]
    public async Task With_the_chain_down_the_outbox_keeps_every_item_queued_and_records_the_failure()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-rel-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var addresses = Path.Combine(directory, "addresses.json");
        await new OliMove.Chain.ChainAddresses(31337, Address(1), Address(2), Address(3), Address(4), Address(5), 1).SaveAsync(addresses);
        var keyFile = Path.Combine(directory, "operator.key");
        // Anvil's first dev account: public knowledge, never a real key.
        await File.WriteAllTextAsync(keyFile, "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var deadPort = FreePort();
        await using var host = await EdgeTestHost.StartAsync(
            siteMapYaml: TestSiteMap.Yaml(1, 1, 22_000),
            directory: directory,
            configure: o =>
            {
                o.Chain.RpcUrl = $"http://127.0.0.1:{deadPort}";
                o.Chain.AddressesFile = addresses;
                o.Chain.OperatorKeyFile = keyFile;
            });
        await using var cp = ChargePoint(host, TestSiteMap.Id(1, 1));
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.StartTransactionAsync(1, "TAG-CHAIN", new FixedLimitCar(11_000));
        await cp.SampleMeterValuesAsync();
        await cp.StopTransactionAsync(1);

        var outbox = host.Get<ChainOutboxRepository>();
        var writer = host.Get<OliMove.Edge.ChainLink.ChainRuntime>().Writer!;
        await Poll.Until(() => writer.Health == OliMove.Chain.ChainHealth.Unreachable, "the writer reports the unreachable RPC");
        var stats = await outbox.GetStatsAsync();
        stats.PendingCount.Should().BeGreaterThanOrEqualTo(2, "the site's assets and the algorithm publication wait in the outbox (a settlement joins only for a user with a wallet)");
        stats.LastConfirmedBlock.Should().BeNull();
        (await SiteDatabase.ScalarAsync(host.Options.Database, "SELECT COUNT(*) FROM chain_outbox WHERE state = 'failed'")).Should().Be(0, "an unreachable chain is a transient failure, never a permanent one");
        (await SiteDatabase.ScalarAsync(host.Options.Database, "SELECT COUNT(*) FROM chain_outbox")).Should().Be(stats.PendingCount + stats.SentCount);
        (await cp.HeartbeatAsync()).Should().NotBeNull("the service keeps serving OCPP while the chain is down");
        ReliabilityScale.Report("chain down", $"RPC unreachable: writer health {writer.Health}, {stats.PendingCount} items pending, 0 failed for good, OCPP served");
    }

    [Fact]
    public async Task A_site_map_reload_with_an_error_keeps_the_old_map_in_force_and_exposes_the_error()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 2, 22_000));
        var site = host.Get<SiteState>();
        var reloader = host.Get<SiteMapReloadService>();
        var before = site.Topology;

        // A technician's typo: a charge point on a circuit that does not exist.
        await File.WriteAllTextAsync(site.File, TestSiteMap.Yaml(1, 2, 22_000).Replace($"circuit: {TestSiteMap.Cabinet(1)}", "circuit: cabinet-typo", StringComparison.Ordinal));
        (await reloader.ReloadAsync(CancellationToken.None)).Should().BeFalse();

        site.Topology.Should().BeSameAs(before, "the old map stays in force");
        site.LastReloadErrors.Should().NotBeEmpty();
        site.LastReloadErrors.Should().Contain(e => e.Message.Contains("cabinet-typo", StringComparison.Ordinal));

        // Fixing the file (and the poller noticing it) applies the new map and clears the error.
        await File.WriteAllTextAsync(site.File, TestSiteMap.Yaml(1, 2, 20_000));
        await Poll.Until(() => !ReferenceEquals(site.Topology, before), "the file watcher applies the corrected map", 20);
        site.LastReloadErrors.Should().BeEmpty();
        site.Topology.Groups.Single().LimitW.Should().Be(20_000);
        ReliabilityScale.Report("site-map reload", "bad edit refused, old map kept, error exposed in SiteState.LastReloadErrors; corrected file applied by the poller");
    }

    private static string Address(int n) => "0x" + n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
