using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Splits each circuit's guaranteed capacity equally over the connectors below it and gives every connector
/// the smallest share along its path to the root. Per phase: a circuit of I A per phase shared by n connectors
/// gives each at most I/n A on every phase it uses, so the n together never exceed I on any phase, however the
/// 1-phase connectors are spread; in total watts the same argument holds for a W limit. A share below the
/// connector's minimum current becomes 0 (IEC 61851: 0 or at least the minimum), which is safe.
/// </summary>
public static class FailSafeShareCalculator
{
    public static IReadOnlyList<FailSafeShare> Calculate(SiteTopology topology, ChargingGroup group)
    {
        var voltage = topology.NominalVoltageV;
        var connectorsBelow = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cp in group.ChargePoints)
        {
            foreach (var circuit in topology.PathToRoot(cp.CircuitId))
            {
                connectorsBelow[circuit.Id] = connectorsBelow.GetValueOrDefault(circuit.Id) + cp.Connectors.Count;
            }
        }

        var shares = new List<FailSafeShare>();
        foreach (var cp in group.ChargePoints)
        {
            foreach (var connector in cp.Connectors)
            {
                var perPhaseA = double.PositiveInfinity;
                var totalW = double.PositiveInfinity;
                foreach (var circuit in topology.PathToRoot(cp.CircuitId))
                {
                    var n = connectorsBelow[circuit.Id];
                    var availableW = Math.Max(0, circuit.AvailableW);
                    totalW = Math.Min(totalW, availableW / n);
                    if (circuit.PhaseLimitW is { } phaseLimitW)
                    {
                        // A connector's current is the same on each of its lines: the most loaded line binds.
                        var phaseAvailableW = Math.Max(0, phaseLimitW - circuit.ReservedMaxLineW);
                        perPhaseA = Math.Min(perPhaseA, phaseAvailableW / voltage / n);
                    }
                }

                var connectorMaxW = Math.Min(connector.RatedPowerW, connector.MaxCurrentA * voltage * connector.Phases);
                var watts = Math.Min(Math.Min(totalW, perPhaseA * voltage * connector.Phases), connectorMaxW);
                var minimumW = connector.MinCurrentA * voltage * connector.Phases;
                var power = watts + 1e-9 >= minimumW ? (long)Math.Floor(watts) : 0;
                shares.Add(new FailSafeShare(cp.ChargePointId, connector.ConnectorId, power, connector.Phases));
            }
        }

        return shares;
    }

    public static ProfileRateUnit UnitOf(ChargePointDefinition chargePoint) =>
        chargePoint.ChargingRateUnit == ChargingRateUnit.A ? ProfileRateUnit.A : ProfileRateUnit.W;
}
