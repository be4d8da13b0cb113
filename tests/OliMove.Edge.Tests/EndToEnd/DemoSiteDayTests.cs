using OliMove.Edge.Hosting;
using OliMove.Tools.SiteSimulator;
using Xunit.Abstractions;

namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>
/// Issue 5, acceptance: the real service, the simulated fleet over real WebSockets and the PV simulator on one
/// accelerated clock, for one simulated day (05:00 to 05:00 site time, the Caltech garage's 5 March 2019) on
/// site-maps/demo.yaml. The host has no user API yet, so every driver is a non-participant: the "accepted
/// requests are met by departure" criterion has nothing to check and is not claimed here.
/// </summary>
public class DemoSiteDayTests(ITestOutputHelper output)
{
    /// <summary>1,440 × real time: the day takes a minute, one slot every 0.625 s.</summary>
    private const double Speed = 1440;

    [Fact]
    public async Task Over_one_simulated_day_no_cabinet_exceeds_its_limit_and_non_participants_charge_as_soon_as_capacity_allows()
    {
        var dayStart = new DateTimeOffset(2026, 3, 5, 5, 0, 0, DemoSiteRun.SiteOffset);
        var clock = new AcceleratedTimeProvider(dayStart.ToUniversalTime(), Speed);
        await using var run = await DemoSiteRun.StartAsync(clock, Speed, new DateOnly(2026, 3, 5));

        // The clock runs while the service starts; the first arrival is at 07:15, hours of simulated slack.
        await run.RunUntilAsync(dayStart.AddDays(1));

        var samples = run.Samples;
        output.WriteLine($"{samples.Count} samples, {run.Scenario.Visits.Count} visits, {run.Scenario.TurnedAway.Count} turned away, {run.Driver.Finished.Count} finished");
        // The driver samples the fleet on each tick (a simulated minute, 42 ms real); a loaded machine grants fewer
        // ticks (274 and 437 of 1,440 at load average 150), so the test asks for the day to be covered, not for a count:
        // every simulated hour from the first sample (the clock runs while the service starts) to the day's end has
        // samples, and there is on average one every ten simulated minutes.
        samples.Should().HaveCountGreaterThanOrEqualTo(144, "the fleet is sampled through the day");
        var hours = samples.Select(s => (int)Math.Floor((s.Sample.Time - dayStart).TotalHours)).Where(h => h is >= 0 and < 24).Distinct().Order().ToList();
        hours.Should().NotBeEmpty().And.Equal(Enumerable.Range(hours[0], 24 - hours[0]), "every hour of the simulated day after the start is sampled");
        run.Scenario.Visits.Should().HaveCountGreaterThan(10);
        samples.Max(s => s.Sample.Connectors.Count(c => c.DrawW > 0)).Should().BeGreaterThanOrEqualTo(5, "the morning peak puts most connectors to work");

        // Physical limits: at every sampled instant, every cabinet, the carport and the grid connection.
        var overloads = samples
            .SelectMany(s => CircuitLoadAudit.Measure(run.Map, s.Sample, s.PvW).Where(l => !l.IsWithinLimit()).Select(l => $"{s.Sample.Time:HH:mm:ss} {l}"))
            .ToList();
        overloads.Should().BeEmpty();
        var peak = samples.Select(s => CircuitLoadAudit.Measure(run.Map, s.Sample, s.PvW).Single(l => l.CircuitId == "cabinet-a")).MaxBy(l => l.MaxPhaseA)!;
        output.WriteLine($"busiest instant of cabinet A: {peak}; PV peak {samples.Max(s => s.PvW) / 1000:0.0} kW");

        // Non-participants: a car offered less than it would take must be held back by a full circuit on its
        // path. The first slot after a plug-in or unplug is the controller's to react in (event re-plan).
        var events = run.Scenario.Visits.SelectMany(v => new[] { v.Arrival, v.Departure }).Order().ToList();
        var checkedCars = 0;
        var unjustified = new List<string>();
        foreach (var (sample, _) in samples)
        {
            if (sample.OfflineChargePoints.Count > 0 || events.Any(e => e <= sample.Time && sample.Time - e < TimeSpan.FromMinutes(15)))
            {
                continue;
            }

            var loads = CircuitLoadAudit.Measure(run.Map, sample, pvW: 0).ToDictionary(l => l.CircuitId);
            foreach (var car in sample.Connectors.Where(c => c.Visit is not null && c.CarAcceptableW > 0))
            {
                checkedCars++;
                var shortfallW = car.CarAcceptableW - car.OfferedW;
                if (shortfallW <= 500)
                {
                    continue;
                }

                var phases = car.Connector.Phases;
                var shortfallA = shortfallW / (phases * run.Map.NominalVoltageV);
                var headroomA = CircuitLoadAudit.PathToGrid(run.Map, car.Connector.CircuitId).Min(id => Headroom(loads[id], car.Connector));
                if (headroomA >= Math.Min(shortfallA, 6) + 1)
                {
                    unjustified.Add(FormattableString.Invariant(
                        $"{sample.Time.ToOffset(DemoSiteRun.SiteOffset):HH:mm} {car.Connector.ChargePointId}/{car.Connector.ConnectorId}: offered {car.OfferedW:0} W, car takes {car.CarAcceptableW:0} W, headroom {headroomA:0.0} A"));
                }
            }
        }

        output.WriteLine($"{checkedCars} car-instants checked, {unjustified.Count} held back with room to spare");
        foreach (var line in unjustified.Take(30))
        {
            output.WriteLine(line);
        }

        checkedCars.Should().BeGreaterThan(200);
        run.Host.ErrorLog.Errors.Should().BeEmpty("every plan reached the chargers and nothing failed behind the scenes");
        // At 1,440x a slot lasts 0.6 s real, and a profile change reaches the charger a few simulated minutes
        // late; a handful of isolated instants is that latency, a starved car is hundreds (measured: 1 of 2,928
        // after the minimum-current fix in SnapshotBuilder, 3,471 of 4,640 before it).
        unjustified.Count.Should().BeLessThanOrEqualTo(checkedCars / 200, "a held-back car must be held back by a full circuit");
    }

    private static double Headroom(CircuitLoad load, ScenarioConnector connector)
    {
        var phase = connector.Phases == 1 ? (int)(connector.Phase ?? OliMove.SiteMap.Model.PhaseConductor.L1) : -1;
        var loadA = phase switch
        {
            0 => load.L1A,
            1 => load.L2A,
            2 => load.L3A,
            _ => load.MaxPhaseA,
        };
        var byCurrent = load.LimitPerPhaseA is { } a ? a - loadA : double.MaxValue;
        var byPower = load.LimitW is { } w ? (w - load.TotalW) / (connector.Phases * 230) : double.MaxValue;
        return Math.Min(byCurrent, byPower);
    }
}
