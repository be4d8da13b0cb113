using OliMove.Edge.Api;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;
using Xunit.Abstractions;

namespace OliMove.Edge.Tests.Integration;

/// <summary>
/// Chargers that do not take what the site map says, or take nothing at all, over real OCPP with the simulator
/// (which rejects a profile in a unit it does not allow, or above its maximum stack level, as firmware does).
/// </summary>
public class ChargersThatRefuseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Profiles_go_in_the_unit_and_at_the_stack_level_the_charger_takes_and_the_unit_mismatch_is_one_problem()
    {
        await using var host = await EdgeTestHost.StartAsync();
        // The demo map says A for OLI-DEMO-01 and W for OLI-DEMO-02; these chargers take only the other unit,
        // and OLI-DEMO-02 allows no stack level above 0.
        await using var onlyW = Charger(host, "OLI-DEMO-01", o => o with { AllowedChargingRateUnits = "Power" });
        await using var onlyA = Charger(host, "OLI-DEMO-02", o => o with { AllowedChargingRateUnits = "Current", MaxStackLevel = 0 });
        foreach (var cp in new[] { onlyW, onlyA })
        {
            await cp.ConnectAsync();
            await cp.BootAsync();
            await cp.StartTransactionAsync(1, $"TAG-{cp.ChargePointId}", new FixedLimitCar(11_000));
        }

        await Poll.UntilAsync(() => HoldsTxProfile(onlyW) && HoldsTxProfile(onlyA), "both chargers hold their plan");
        await Poll.UntilAsync(() => onlyW.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile), "OLI-DEMO-01 holds a fail-safe default");
        onlyW.Profiles.Profiles.Should().OnlyContain(p => p.Profile.ChargingSchedule.ChargingRateUnit == ChargingRateUnitType.W);
        onlyA.Profiles.Profiles.Should().OnlyContain(p => p.Profile.ChargingSchedule.ChargingRateUnit == ChargingRateUnitType.A);
        onlyA.Profiles.Profiles.Should().OnlyContain(p => p.Profile.StackLevel == 0, "the charger allows no level above 0");

        var status = host.Get<SiteStatusReader>();
        var first = (await status.ChargePointAsync("OLI-DEMO-01", CancellationToken.None))!;
        first.Problems.Should().ContainSingle().Which.Should().Contain("chargingRateUnit A").And.Contain("Power (W)");
        var second = (await status.ChargePointAsync("OLI-DEMO-02", CancellationToken.None))!;
        second.Problems.Should().ContainSingle().Which.Should().Contain("chargingRateUnit W").And.Contain("Current (A)");
        host.Get<LiveSiteState>().Connector("OLI-DEMO-01", 1).ProfileProblem.Should().BeNull();
        host.Get<LiveSiteState>().ChargePoint("OLI-DEMO-01").FailSafeProblem.Should().BeNull();
    }

    [Fact]
    public async Task A_charger_that_rejects_every_profile_is_backed_off_shown_once_and_planned_at_what_it_draws()
    {
        // 300x: one simulated hour in twelve seconds.
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, 300);
        await using var host = await EdgeTestHost.StartAsync(clock);
        await using var refusing = Charger(host, "OLI-DEMO-03", o => o with { RejectsAllProfiles = true, CallTimeout = TimeSpan.FromMinutes(30) }, clock);
        using var stop = new CancellationTokenSource();
        var running = refusing.RunAsync(stop.Token);
        await Poll.UntilAsync(() => refusing.IsConnected && refusing.BootStatus is not null, "the charger is connected");
        await refusing.StartTransactionAsync(1, "TAG-REFUSED", new FixedLimitCar(7_400));
        var start = clock.GetUtcNow();

        await Poll.UntilAsync(() => clock.GetUtcNow() - start >= TimeSpan.FromMinutes(30), "half an hour passes on the simulated clock", seconds: 60);
        var sentInFirstHalf = ProfilesReceived(refusing);
        await Poll.UntilAsync(() => clock.GetUtcNow() - start >= TimeSpan.FromHours(1), "an hour passes on the simulated clock", seconds: 60);
        var sent = ProfilesReceived(refusing);
        output.WriteLine($"SetChargingProfile received by a charger that rejects every profile: {sentInFirstHalf} in the first simulated half hour, {sent} in the hour");

        // Three tries before it is taken for refusing, then one try per back-off (1, 2, 4, 8, then 15 min) at the
        // next plan, at most two profiles (its default and its TxProfile) racing into one plan's round. By the
        // second half hour the back-off is 15 min: at most three rounds. Without back-off every plan (four slots
        // and the events of a half hour) sent each profile three times.
        (sent - sentInFirstHalf).Should().BeInRange(1, 6, "a refusing charger is still retried, but only every 15 minutes");
        sent.Should().BeLessThanOrEqualTo(30);

        var problems = (await host.Get<SiteStatusReader>().ChargePointAsync("OLI-DEMO-03", CancellationToken.None))!.Problems;
        problems.Should().ContainSingle("the refusal is one problem of the charger, not one per profile").Which.Should().Contain("refuses SetChargingProfile");

        // No setpoint was ever in force, so rampdown learned nothing: the cap comes from the refusal and the
        // measured power alone.
        var live = host.Get<LiveSiteState>();
        live.Connector("OLI-DEMO-03", 1).MeasuredW.Should().BeInRange(7_300, 7_500);
        live.VehicleMaxW("OLI-DEMO-03", 1).Should().BeNull("a refusing charger never had a setpoint in force");
        var group = host.Get<SiteState>().Topology.GroupOf("OLI-DEMO-03")!;
        var snapshot = await host.Get<SnapshotBuilder>().BuildAsync(group, SlotClock.StartOf(clock.GetUtcNow()), 4, CancellationToken.None);
        snapshot.Sessions.Single(s => s.ConnectorId == "OLI-DEMO-03/1").VehicleMaxW.Should().BeCloseTo(7_400, 100, "planned at what it draws, not at the connector's 11 kW");

        await stop.CancelAsync();
        await running;
    }

    private static int ProfilesReceived(SimulatedChargePoint cp)
    {
        lock (cp.ReceivedActions)
        {
            return cp.ReceivedActions.Count(a => a == "SetChargingProfile");
        }
    }

    private static bool HoldsTxProfile(SimulatedChargePoint cp) =>
        cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile);

    private static SimulatedChargePoint Charger(EdgeTestHost host, string id, Func<SimulatedChargePointOptions, SimulatedChargePointOptions> configure, TimeProvider? clock = null) =>
        new(configure(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{id}",
            CallTimeout = TimeSpan.FromSeconds(5),
        }), clock);
}
