using OliMove.Bench.ApiLoad;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using Xunit.Abstractions;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 12, "API and SSE under 200 clients", short form: the load driver of tools/bench/api-load against the
/// in-process service. Correctness only, no timing thresholds (the figures are in docs/bench/api-load.md).
/// </summary>
public class ApiLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_clients_get_every_answer_and_every_live_change_while_the_chargers_stay_served()
    {
        var viewer = ApiTokenHash.NewToken();
        var directory = Path.Combine(Path.GetTempPath(), "olimove-api-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var masterKey = Path.Combine(directory, "wallet-master.key");
        await File.WriteAllTextAsync(masterKey, "api-load-test-master-key-0123456789");
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(2, 5, 33_000), directory: directory, configure: o =>
        {
            o.Api.Tokens = [new ApiTokenOptions { Name = "load viewer", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(viewer) }];
            o.Chain.WalletMasterKeyFile = masterKey;
            o.Chain.KeystoreScryptN = 4096;
        });
        var chargers = TestSiteMap.Ids(2, 5).Select(id => new ChargerAccess(id, TestSiteMap.Key(id))).ToList();
        // Ten charge points charging for ten drivers; 60 cockpits and 40 driver apps (4 per driver) on the live
        // streams, 100 pollers; MeterValues every half second per charger. Short form: 15 requests per poller and
        // one probe, every charger's status changing at once. Long form: 300 requests per poller and probes of
        // three chargers at a time for as long as the pollers run.
        const int Cockpits = 60, DriverApps = 40;
        var plan = new ApiLoadPlan
        {
            CockpitStreams = Cockpits,
            DriverStreams = DriverApps,
            ViewerPollers = 50,
            DriverPollers = 50,
            RequestsPerPoller = ReliabilityScale.IsLong ? 300 : 15,
            IdleBaseline = TimeSpan.Zero,
            MeterInterval = TimeSpan.FromMilliseconds(500),
            HeartbeatEvery = 4,
            ChargersPerProbe = ReliabilityScale.IsLong ? 3 : 0,
            ProbeRounds = ReliabilityScale.IsLong ? null : 1,
            ProbePause = ReliabilityScale.IsLong ? TimeSpan.FromSeconds(1) : TimeSpan.Zero,
            ProbeTimeout = TimeSpan.FromSeconds(60),
        };

        var report = await new ApiLoadRun(new ApiLoadTarget(host.BaseUri, host.OcppUri, viewer, chargers), plan, progress: output.WriteLine)
            .RunAsync(CancellationToken.None);
        output.WriteLine(report.ToMarkdown());

        plan.Clients.Should().Be(200);
        report.Polls.Total.Should().Be(100 * plan.RequestsPerPoller, "every poller made all its requests");
        report.Polls.ServerErrors.Should().Be(0);
        report.Polls.ByStatus.Keys.Should().Equal([200], "every request was valid, so every answer is a 200: {0}", string.Join("; ", report.Polls.Failures));
        report.FollowUps.FailureCount.Should().Be(0, string.Join("; ", report.FollowUps.Failures));

        report.StreamsOpened.Should().Be(100);
        report.DroppedStreams.Should().BeEmpty("no live stream ends before its client closes it");
        report.Probes.Select(p => p.ChargePointId).Distinct().Should().HaveCount(ReliabilityScale.IsLong ? Math.Min(chargers.Count, report.Probes.Count) : chargers.Count);
        report.UndeliveredProbes.Should().BeEmpty("every subscriber gets every change it concerns");
        report.ProbeToCockpit.Count.Should().Be(report.Probes.Count * Cockpits, "each cockpit saw each charger's new status");
        report.ProbeToDriver.Count.Should().Be(report.Probes.Count * DriverApps / chargers.Count, "each driver app saw its own charger's new status through \"changed\" and /me/current");
        report.MeterPerViewer.Count.Should().BePositive("the cockpits saw MeterValues arrive live");

        report.OcppFailures.Should().BeEmpty("every charger CALL got its CALLRESULT");
        report.OcppFailureCount.Should().Be(0);
        report.OcppUndelivered.Should().Be(0, "no MeterValues stayed queued in a charger");
        report.OcppRoundTrips.Should().ContainKey("under load MeterValues").WhoseValue.Count.Should().BePositive("MeterValues were served during the API load");
        report.OcppRoundTrips["under load StatusNotification"].Count.Should().Be(report.Probes.Count);
        host.ErrorLog.Errors.Should().BeEmpty("nothing failed behind the scenes");

        ReliabilityScale.Report(nameof(ApiLoadTests), string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{plan.Clients} clients, {report.Polls.Total} requests in {report.LoadWall.TotalSeconds:0.0} s, all 200, p50/p95/p99/max {report.Polls.All.Summary()} ms; "
            + $"{report.StreamsOpened} streams, {report.DroppedStreams.Count} dropped; {report.Probes.Count} status probes to every subscriber, cockpit {report.ProbeToCockpit.Summary()} ms, "
            + $"driver app {report.ProbeToDriver.Summary()} ms; MeterValues to every cockpit {report.MeterReachedAll.Summary()} ms; "
            + $"OCPP MeterValues under load {report.OcppRoundTrips["under load MeterValues"].Summary()} ms, {report.OcppFailureCount} failures (in-process, Debug: information only)"));
    }
}
