using OliMove.Edge.Dispatch;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Tests.Dispatch;

/// <summary>
/// The fail-safe defaults for a plan's uncapped window: whatever the plan, the planned sessions plus every other
/// connector at its default never exceed any circuit, in watts or on any phase.
/// </summary>
public class WindowDefaultsCalculatorTests
{
    private static readonly SiteTopology Demo = SiteTopology.Build(
        SiteMapLoader.LoadString(File.ReadAllText(Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", "demo.yaml"))).Map!);

    [Fact]
    public void With_nothing_planned_every_connector_keeps_its_static_share()
    {
        foreach (var group in Demo.Groups)
        {
            var windows = WindowDefaultsCalculator.Calculate(Demo, group, new Dictionary<(string, int), IReadOnlyList<long>>(), 2);
            foreach (var share in FailSafeShareCalculator.Calculate(Demo, group))
            {
                windows[(share.ChargePointId, share.ConnectorId)].Should().AllBeEquivalentTo(share.PowerW);
            }
        }
    }

    [Fact]
    public void A_car_planned_above_its_share_takes_it_from_the_idle_neighbours_defaults_and_its_own_default_follows_its_plan()
    {
        var groupB = Demo.Groups.Single(g => g.Id == "cabinet-b");
        // Cabinet B: 125 A (86,250 W) less the elevator's 10,000 W, three connectors: 25,416 W static share each.
        var planned = new Dictionary<(string, int), IReadOnlyList<long>> { [("OLI-DEMO-08", 1)] = [50_000, 20_000] };

        var windows = WindowDefaultsCalculator.Calculate(Demo, groupB, planned, 2);

        var available = Demo.FindCircuit("cabinet-b")!.AvailableW;
        windows[("OLI-DEMO-08", 1)].Should().Equal(Math.Min(50_000, (long)(available / 3)), 20_000);
        // Within a watt: the per-phase bound is computed in amperes and floored.
        windows[("OLI-DEMO-09", 1)][0].Should().BeCloseTo((long)Math.Floor((available - 50_000) / 2), 1);
        windows[("OLI-DEMO-09", 1)][1].Should().Be(22_000, "in the second slot the car's 20 kW leaves the 22 kW charger its full static share");
    }

    [Fact]
    public void An_idle_connector_whose_part_falls_below_its_minimum_current_gets_zero()
    {
        var groupB = Demo.Groups.Single(g => g.Id == "cabinet-b");
        var available = Demo.FindCircuit("cabinet-b")!.AvailableW;
        var planned = new Dictionary<(string, int), IReadOnlyList<long>>
        {
            [("OLI-DEMO-08", 1)] = [(long)available - 5_000],
        };

        var windows = WindowDefaultsCalculator.Calculate(Demo, groupB, planned, 1);

        // 2,500 W each for two 3-phase connectors is below 6 A × 230 V × 3 = 4,140 W.
        windows[("OLI-DEMO-09", 1)].Should().Equal(0);
        windows[("OLI-DEMO-10", 1)].Should().Equal(0);
    }

    [Fact]
    public void For_random_feasible_plans_planned_power_plus_every_default_stays_within_every_circuit_and_phase()
    {
        var random = new Random(20261125);
        var cases = 0;
        foreach (var group in Demo.Groups)
        {
            var connectors = group.ChargePoints.SelectMany(cp => cp.Connectors.Select(c => (cp, c))).ToList();
            for (var i = 0; i < 2_000; i++)
            {
                const int slots = 3;
                var planned = new Dictionary<(string, int), IReadOnlyList<long>>();
                foreach (var (cp, c) in connectors.Where(_ => random.NextDouble() < 0.5))
                {
                    planned[(cp.ChargePointId, c.ConnectorId)] = Enumerable.Range(0, slots)
                        .Select(_ => random.NextDouble() < 0.2 ? 0 : (long)(random.NextDouble() * c.RatedPowerW)).ToArray();
                }

                MakeFeasible(group, planned, slots);
                var windows = WindowDefaultsCalculator.Calculate(Demo, group, planned, slots);
                for (var slot = 0; slot < slots; slot++)
                {
                    var drawW = connectors.ToDictionary(
                        x => (x.cp.ChargePointId, x.c.ConnectorId),
                        x => planned.TryGetValue((x.cp.ChargePointId, x.c.ConnectorId), out var p)
                            ? Math.Max(p[slot], windows[(x.cp.ChargePointId, x.c.ConnectorId)][slot])
                            : windows[(x.cp.ChargePointId, x.c.ConnectorId)][slot]);
                    foreach (var (circuit, watts, phaseA) in Loads(group, drawW))
                    {
                        watts.Should().BeLessThanOrEqualTo(circuit.AvailableW + 1e-6, "case {0}, slot {1}, circuit {2}", i, slot, circuit.Id);
                        if (circuit.PhaseLimitW is { } phaseLimitW)
                        {
                            var phaseAvailableA = (phaseLimitW - (circuit.ReservedW / 3)) / Demo.NominalVoltageV;
                            phaseA.Max().Should().BeLessThanOrEqualTo(phaseAvailableA + 1e-6, "case {0}, slot {1}, circuit {2}", i, slot, circuit.Id);
                        }
                    }

                    cases++;
                }
            }
        }

        cases.Should().Be(2 * 2_000 * 3);
    }

    /// <summary>Scales a random plan down until it fits every circuit on its own, as the allocator's plans do.</summary>
    private static void MakeFeasible(ChargingGroup group, Dictionary<(string, int), IReadOnlyList<long>> planned, int slots)
    {
        for (var slot = 0; slot < slots; slot++)
        {
            var factor = 1.0;
            var draw = planned.ToDictionary(p => p.Key, p => p.Value[slot]);
            foreach (var (circuit, watts, phaseA) in Loads(group, draw))
            {
                factor = Math.Min(factor, watts > 0 ? circuit.AvailableW / watts : 1);
                if (circuit.PhaseLimitW is { } phaseLimitW && phaseA.Max() > 0)
                {
                    factor = Math.Min(factor, (phaseLimitW - (circuit.ReservedW / 3)) / Demo.NominalVoltageV / phaseA.Max());
                }
            }

            foreach (var key in planned.Keys.ToList())
            {
                var series = planned[key].ToArray();
                series[slot] = (long)Math.Floor(series[slot] * factor * 0.999);
                planned[key] = series;
            }
        }
    }

    private static IEnumerable<(CircuitNode Circuit, double Watts, double[] PhaseA)> Loads(ChargingGroup group, IReadOnlyDictionary<(string, int), long> drawW)
    {
        foreach (var circuit in group.Circuits)
        {
            var watts = 0.0;
            var phaseA = new double[3];
            foreach (var cp in group.ChargePoints.Where(cp => Demo.PathToRoot(cp.CircuitId).Any(c => c.Id == circuit.Id)))
            {
                foreach (var c in cp.Connectors)
                {
                    var w = drawW.GetValueOrDefault((cp.ChargePointId, c.ConnectorId));
                    watts += w;
                    var phases = c.Phases == 3 ? new[] { 0, 1, 2 } : [(int)(c.Phase ?? PhaseConductor.L1)];
                    foreach (var p in phases)
                    {
                        phaseA[p] += w / (Demo.NominalVoltageV * c.Phases);
                    }
                }
            }

            yield return (circuit, watts, phaseA);
        }
    }
}
