using System.Globalization;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Phases;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Phases;

/// <summary>
/// Phases over real OCPP with the simulator on an accelerated clock (decisions 0324, 0326). The site: one cabinet of
/// 16 A per line (3 680 W a line) with two 16 A three-phase chargers: PH-A, which cannot switch, and PH-B, which
/// switches to one phase on site line L2 (16 A connectors). A 1-phase car on PH-A takes L1 whole; PH-B's 3-phase car could then get
/// nothing at three phases (every 3-phase watt loads L1 too), so it pauses unless it is switched to one phase.
/// </summary>
public class PhaseSwitchingIntegrationTests
{
    /// <summary>300x: a 15-minute slot every three seconds.</summary>
    private const double Speed = 300;

    private const double LineLimitA = 16;

    [Fact]
    public async Task A_one_phase_car_frees_two_lines_and_a_car_three_phases_would_pause_charges_at_one_phase_within_every_line_limit()
    {
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        await using var host = await EdgeTestHost.StartAsync(clock, Yaml());
        await using var a = Charger(host, clock, "PH-A", switches: false);
        await using var b = Charger(host, clock, "PH-B", switches: true);
        using var stop = new CancellationTokenSource();
        var runningA = a.RunAsync(stop.Token);
        var runningB = b.RunAsync(stop.Token);
        await Poll.UntilAsync(() => a.BootStatus == RegistrationStatus.Accepted && b.BootStatus == RegistrationStatus.Accepted, "both chargers are booted", seconds: 60);

        await a.StartTransactionAsync(1, "TAG-ONE-PHASE-CAR", new OnePhaseCar(16));
        var phases = host.Get<ConnectorPhases>();
        await Poll.UntilAsync(() => a.TransactionIdOn(1) is { } tx && phases.OnePhaseCar("PH-A", 1, tx) == 1,
            "the edge sees PH-A's car charge on L1 alone", seconds: 90);

        // From PH-B's start on, every line is sampled: its fail-safe default already counts PH-A's car on L1 alone.
        var worst = new double[3];
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var lines = SiteLines(a, b);
                for (var k = 0; k < 3; k++)
                {
                    worst[k] = Math.Max(worst[k], lines[k]);
                }

                await Task.Delay(10, CancellationToken.None);
            }
        }, CancellationToken.None);
        await b.StartTransactionAsync(1, "TAG-THREE-PHASE-CAR", new FixedLimitCar(11_040));
        await Poll.UntilAsync(() => b.Connectors[0] is { ActivePhases: 1, DrawW: > 3_000 },
            "PH-B's car charges at one phase on the line PH-A's car leaves free", seconds: 90);

        var txProfile = b.Profiles.Profiles.Single(p => p.ConnectorId == 1 && p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile);
        txProfile.Profile.ChargingSchedule.ChargingSchedulePeriod[0].NumberPhases.Should().Be(1, "the profile switches the charger to one phase");
        a.Profiles.Profiles.Single(p => p.ConnectorId == 1 && p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile)
            .Profile.ChargingSchedule.ChargingSchedulePeriod[0].NumberPhases.Should().Be(1, "the 1-phase car's profile is over one phase");

        // Three more slots pass with both cars charging; no site line ever carried more than its limit.
        var from = clock.GetUtcNow();
        await Poll.UntilAsync(() => clock.GetUtcNow() - from >= TimeSpan.FromMinutes(45), "three slots pass", seconds: 90);
        await sampling.CancelAsync();
        await sampler;
        worst.Should().OnlyContain(amps => amps <= LineLimitA + 0.05, $"every line within {LineLimitA} A (L1 {worst[0]:F1}, L2 {worst[1]:F1}, L3 {worst[2]:F1} A)");
        a.Connectors[0].DrawW.Should().BeApproximately(3_680, 50, "the 1-phase car keeps L1 whole (16 A)");
        b.Connectors[0].DrawW.Should().BeApproximately(3_680, 50, "the switched car takes L2 whole (16 A)");
        b.Connectors[0].ActivePhases.Should().Be(1, "hysteresis keeps it at one phase while three would give it nothing");
        host.Get<LiveSiteState>().Connector("PH-B", 1).MeasuredW.Should().BeGreaterThan(3_000, "the edge measures what it charges");

        await stop.CancelAsync();
        await Task.WhenAll(runningA, runningB);
    }

    /// <summary>Site line currents: PH-A's lines are the site's; PH-B at one phase runs on its L1, wired to site L2.</summary>
    private static double[] SiteLines(SimulatedChargePoint a, SimulatedChargePoint b)
    {
        var lines = a.Connectors[0].LineCurrentsA.ToArray();
        var bLines = b.Connectors[0].LineCurrentsA;
        if (b.Connectors[0].ActivePhases == 1)
        {
            lines[1] += bLines[0];
        }
        else
        {
            for (var k = 0; k < 3; k++)
            {
                lines[k] += bLines[k];
            }
        }

        return lines;
    }

    private static string Yaml()
    {
        var yaml = new System.Text.StringBuilder(
            "site:\n  id: phases\n  nominalVoltageV: 230\ngridConnection:\n  limitA: 16\ncircuits:\n  - id: cabinet\n    limitA: 16\nchargePoints:\n");
        foreach (var (id, switchesTo) in new[] { ("PH-A", (string?)null), ("PH-B", "L2") })
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - chargePointId: {id}\n    circuit: cabinet\n    chargingRateUnit: W\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    authorizationKeyHash: \"{AuthorizationKeyHash.Create($"phase-test-key-{id}")}\"\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    connectors:\n      - connectorId: 1\n        evseId: \"DE*PHS*E{id[^1]}*1\"\n        connectionType: Type2\n");
            yaml.Append("        ratedPowerW: 11040\n        phases: 3\n        maxCurrentA: 16\n");
            if (switchesTo is not null)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"        switchesToOnePhase: {switchesTo}\n");
            }
        }

        return yaml.ToString();
    }

    private static SimulatedChargePoint Charger(EdgeTestHost host, TimeProvider clock, string id, bool switches) =>
        new(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"phase-test-key-{id}",
            CallTimeout = TimeSpan.FromMinutes(30),
            Supply = new ElectricalSupply(230, 3, 16),
            SwitchesPhases = switches,
        }, clock);
}
