using OliMove.SiteMap.Model;
using OliMove.Tools.SiteSimulator;

namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>
/// Adds up what the simulated cars really draw, per circuit (with everything below it) and at the grid
/// connection, per phase. Other loads count at their worst case or reservation, spread over three phases; PV
/// production, as measured at the inverter, offsets the circuit it feeds (docs/design.md § Physical limits and PV: PV adds capacity only as surplus).
/// </summary>
public static class CircuitLoadAudit
{
    public static IReadOnlyList<CircuitLoad> Measure(SiteMapDocument map, FleetSample sample, double pvW)
    {
        var voltage = map.NominalVoltageV;
        var loads = new List<CircuitLoad>();
        foreach (var circuit in map.Circuits.Append(new CircuitDefinition("grid", null, map.GridConnection.LimitPerPhaseA, map.GridConnection.LimitW)))
        {
            var below = Subtree(map, circuit.Id);
            var phases = new double[3];
            var watts = 0.0;
            foreach (var connector in sample.Connectors.Where(c => below.Contains(c.Connector.CircuitId)))
            {
                Add(phases, connector.DrawW, connector.Connector.Phases, connector.Connector.Phase, voltage);
                watts += connector.DrawW;
            }

            foreach (var other in map.OtherLoads.Where(o => below.Contains(o.CircuitId)))
            {
                Add(phases, other.PowerW, 3, null, voltage);
                watts += other.PowerW;
            }

            foreach (var pv in map.PvInverters.Where(p => below.Contains(p.CircuitId)))
            {
                Add(phases, -pvW * pv.RatedPowerW / map.PvInverters.Sum(i => i.RatedPowerW), 3, null, voltage);
                watts -= pvW * pv.RatedPowerW / map.PvInverters.Sum(i => i.RatedPowerW);
            }

            loads.Add(new CircuitLoad(circuit.Id, phases[0], phases[1], phases[2], watts, circuit.LimitPerPhaseA, circuit.LimitW));
        }

        return loads;
    }

    /// <summary>The circuit and all circuits below it; "grid" is everything.</summary>
    public static IReadOnlySet<string> Subtree(SiteMapDocument map, string circuitId)
    {
        if (circuitId == "grid")
        {
            return map.Circuits.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        }

        var set = new HashSet<string>(StringComparer.Ordinal) { circuitId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var c in map.Circuits.Where(c => c.ParentId is { } p && set.Contains(p) && !set.Contains(c.Id)))
            {
                grew |= set.Add(c.Id);
            }
        }

        return set;
    }

    /// <summary>The circuits a connector's power passes through, from its own up to the grid.</summary>
    public static IReadOnlyList<string> PathToGrid(SiteMapDocument map, string circuitId)
    {
        var path = new List<string>();
        for (var id = circuitId; id is not null; id = map.Circuits.Single(c => c.Id == id).ParentId)
        {
            path.Add(id);
        }

        path.Add("grid");
        return path;
    }

    private static void Add(double[] phases, double watts, int phaseCount, PhaseConductor? phase, double voltage)
    {
        if (phaseCount == 1)
        {
            phases[(int)(phase ?? PhaseConductor.L1)] += watts / voltage;
            return;
        }

        for (var i = 0; i < 3; i++)
        {
            phases[i] += watts / (3 * voltage);
        }
    }
}
