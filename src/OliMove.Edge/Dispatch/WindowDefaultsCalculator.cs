using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// The fail-safe defaults for the plan's uncapped window (docs/decisions/0002, 0102). A TxProfile follows the plan
/// for the first <c>FullPlanSlots</c> slots and may give a car more than its static share while its neighbours
/// are idle; if the controller then dies and the neighbours start on their defaults, the static shares alone
/// would overload the circuit. So for those slots each connector's default is lowered to what the plan leaves:
/// - a connector with a planned session: at most its planned power (a car that replaces it gets no more);
/// - an idle connector: an equal part of what the planned sessions leave of every circuit on its path, in
///   watts and per phase (the argument of <see cref="FailSafeShareCalculator"/>, on the remainder);
/// never above the static share, and 0 below the connector's minimum current (IEC 61851: 0 or at least it).
/// Per slot and circuit, planned powers plus defaults then stay within the circuit's guaranteed capacity.
/// </summary>
public static class WindowDefaultsCalculator
{
    /// <param name="plannedW">Planned watts per slot of each connector with a session ("cp/connector" key).</param>
    /// <param name="oneLine">Connectors of 3-phase chargers whose session loads one line (0..2): a 1-phase car, or a
    /// charger switched to one phase (decision 0324); their planned power counts on that line alone.</param>
    /// <returns>Per connector, the default watts of each of the <paramref name="windowSlots"/> slots.</returns>
    public static IReadOnlyDictionary<(string ChargePointId, int ConnectorId), long[]> Calculate(
        SiteTopology topology,
        ChargingGroup group,
        IReadOnlyDictionary<(string ChargePointId, int ConnectorId), IReadOnlyList<long>> plannedW,
        int windowSlots,
        IReadOnlyDictionary<(string ChargePointId, int ConnectorId), int>? oneLine = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(plannedW);
        var voltage = topology.NominalVoltageV;
        var staticShares = FailSafeShareCalculator.Calculate(topology, group)
            .ToDictionary(s => (s.ChargePointId, s.ConnectorId), s => s.PowerW);
        var connectors = group.ChargePoints
            .SelectMany(cp => cp.Connectors.Select(c => (ChargePoint: cp, Connector: c, Key: (cp.ChargePointId, c.ConnectorId))))
            .ToList();

        var result = connectors.ToDictionary(c => c.Key, _ => new long[windowSlots]);
        for (var slot = 0; slot < windowSlots; slot++)
        {
            var usedW = new Dictionary<string, double>(StringComparer.Ordinal);
            var usedA = new Dictionary<string, double[]>(StringComparer.Ordinal);
            var idleBelow = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (cp, connector, key) in connectors)
            {
                var planned = PlannedAt(plannedW, key, slot);
                foreach (var circuit in topology.PathToRoot(cp.CircuitId))
                {
                    if (planned is { } w)
                    {
                        usedW[circuit.Id] = usedW.GetValueOrDefault(circuit.Id) + w;
                        var phaseA = usedA.TryGetValue(circuit.Id, out var a) ? a : usedA[circuit.Id] = new double[3];
                        if (oneLine is not null && oneLine.TryGetValue(key, out var line))
                        {
                            phaseA[line] += w / voltage;
                            continue;
                        }

                        foreach (var phase in PhasesOf(connector))
                        {
                            phaseA[phase] += w / (voltage * connector.Phases);
                        }
                    }
                    else
                    {
                        idleBelow[circuit.Id] = idleBelow.GetValueOrDefault(circuit.Id) + 1;
                    }
                }
            }

            foreach (var (cp, connector, key) in connectors)
            {
                var staticW = staticShares.GetValueOrDefault(key);
                double watts;
                if (PlannedAt(plannedW, key, slot) is { } planned)
                {
                    watts = Math.Min(staticW, planned);
                }
                else
                {
                    watts = staticW;
                    foreach (var circuit in topology.PathToRoot(cp.CircuitId))
                    {
                        var n = idleBelow[circuit.Id];
                        var leftW = Math.Max(0, circuit.AvailableW) - usedW.GetValueOrDefault(circuit.Id);
                        watts = Math.Min(watts, leftW / n);
                        if (circuit.PhaseLimitW is { } phaseLimitW)
                        {
                            var phaseAvailableA = Math.Max(0, phaseLimitW - (circuit.ReservedW / 3)) / voltage;
                            var used = usedA.GetValueOrDefault(circuit.Id) ?? new double[3];
                            var leftA = PhasesOf(connector).Min(p => phaseAvailableA - used[p]);
                            watts = Math.Min(watts, leftA / n * voltage * connector.Phases);
                        }
                    }
                }

                var minimumW = connector.MinCurrentA * voltage * connector.Phases;
                result[key][slot] = watts + 1e-9 >= minimumW ? (long)Math.Floor(watts) : 0;
            }
        }

        return result;
    }

    private static long? PlannedAt(IReadOnlyDictionary<(string, int), IReadOnlyList<long>> plannedW, (string, int) key, int slot) =>
        plannedW.TryGetValue(key, out var series) ? (slot < series.Count ? series[slot] : 0) : null;

    /// <summary>The phases (0..2) a connector loads: all three, or its own one (L1 when the map does not say).</summary>
    private static int[] PhasesOf(ConnectorDefinition connector) =>
        connector.Phases == 3 ? [0, 1, 2] : [(int)(connector.Phase ?? PhaseConductor.L1)];
}
