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
        // streams, 100 pollers of 15 requests each; MeterValues every half second per charger; one probe: every
        // charger's status changes at once while the pollers run.
        var plan = new ApiLoadPlan
        {
            CockpitStreams = 60,
            DriverStreams = 40,
            ViewerPollers = 50,
            DriverPollers = 50,
            RequestsPerPoller = 15,
            IdleBaseline = TimeSpan.Zero,
            MeterInterval = TimeSpan.FromMilliseconds(500),
            HeartbeatEvery = 4,
            ChargersPerProbe = 0,
            ProbeRounds = 1,
            ProbePause = TimeSpan.Zero,
            ProbeTimeout = TimeSpan.FromSeconds(60),
        };

        var report = await new ApiLoadRun(new ApiLoadTarget(host.BaseUri, host.OcppUri, viewer, chargers), plan, progress: output.WriteLine)
            .RunAsync(CancellationToken.None);
        output.WriteLine(report.ToMarkdown());

        plan.Clients.Should().Be(200);
        report.Polls.Total.Should().Be(100 * 15, "every poller made all its requests");
        report.Polls.ServerErrors.Should().Be(0);
        report.Polls.ByStatus.Keys.Should().Equal([200], "every request was valid, so every answer is a 200: {0}", string.Join("; ", report.Polls.Failures));
        report.FollowUps.FailureCount.Should().Be(0, string.Join("; ", report.FollowUps.Failures));

        report.StreamsOpened.Should().Be(100);
        report.DroppedStreams.Should().BeEmpty("no live stream ends before its client closes it");
        report.Probes.Should().HaveCount(chargers.Count);
        report.UndeliveredProbes.Should().BeEmpty("every subscriber gets every change it concerns");
        report.ProbeToCockpit.Count.Should().Be(chargers.Count * 60, "each of the 60 cockpits saw each charger's new status");
        report.ProbeToDriver.Count.Should().Be(40, "each driver app saw its own charger's new status through \"changed\" and /me/current");
        report.MeterPerViewer.Count.Should().BePositive("the cockpits saw MeterValues arrive live");

        report.OcppFailures.Should().BeEmpty("every charger CALL got its CALLRESULT");
        report.OcppFailureCount.Should().Be(0);
        report.OcppUndelivered.Should().Be(0, "no MeterValues stayed queued in a charger");
        report.OcppRoundTrips.Should().ContainKey("under load MeterValues").WhoseValue.Count.Should().BePositive("MeterValues were served during the API load");
        report.OcppRoundTrips["under load StatusNotification"].Count.Should().Be(chargers.Count);
        host.ErrorLog.Errors.Should().BeEmpty("nothing failed behind the scenes");
    }
}
