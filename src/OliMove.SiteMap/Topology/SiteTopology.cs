using OliMove.SiteMap.Model;
using OliMove.SiteMap.Parsing;

namespace OliMove.SiteMap.Topology;

/// <summary>
/// The validated site as the controller uses it: charging groups with their circuit trees, and lookups
/// by charge point. Build it from a valid <see cref="SiteMapDocument"/> (the loader does).
/// </summary>
public sealed class SiteTopology
{
    private readonly Dictionary<string, ChargePointDefinition> _chargePoints;
    private readonly Dictionary<string, ChargingGroup> _groupOfChargePoint;
    private readonly Dictionary<string, CircuitNode> _circuits;

    private SiteTopology(SiteMapDocument map, IReadOnlyList<ChargingGroup> groups)
    {
        Map = map;
        Groups = groups;
        _circuits = groups.SelectMany(g => g.Circuits).ToDictionary(c => c.Id, StringComparer.Ordinal);
        _chargePoints = new(StringComparer.Ordinal);
        _groupOfChargePoint = new(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var cp in group.ChargePoints)
            {
                _chargePoints.Add(cp.ChargePointId, cp);
                _groupOfChargePoint.Add(cp.ChargePointId, group);
            }
        }

        ChargePoints = [.. groups.SelectMany(g => g.ChargePoints)];
        GridLimitW = SiteMapCrossChecks.TotalLimitW(map.GridConnection.LimitPerPhaseA, map.GridConnection.LimitW, map.NominalVoltageV)!.Value;
    }

    public SiteMapDocument Map { get; }

    /// <summary>Groups ordered by root circuit id (ordinal), so every run sees the same order.</summary>
    public IReadOnlyList<ChargingGroup> Groups { get; }

    /// <summary>The grid connection's total limit in W (limitW, or 3 × limitA × nominal voltage, whichever is lower).</summary>
    public double GridLimitW { get; }

    public double NominalVoltageV => Map.NominalVoltageV;

    /// <summary>All charge points, group by group in the groups' order.</summary>
    public IReadOnlyList<ChargePointDefinition> ChargePoints { get; }

    public bool TryGetChargePoint(string chargePointId, out ChargePointDefinition chargePoint) =>
        _chargePoints.TryGetValue(chargePointId, out chargePoint!);

    public ChargePointDefinition? FindChargePoint(string chargePointId) => _chargePoints.GetValueOrDefault(chargePointId);

    public ConnectorDefinition? FindConnector(string chargePointId, int connectorId) =>
        FindChargePoint(chargePointId)?.Connectors.FirstOrDefault(c => c.ConnectorId == connectorId);

    public ChargingGroup? GroupOf(string chargePointId) => _groupOfChargePoint.GetValueOrDefault(chargePointId);

    public CircuitNode? FindCircuit(string circuitId) => _circuits.GetValueOrDefault(circuitId);

    /// <summary>The circuit and its ancestors up to the group's root, nearest first: every limit a load on it must respect.</summary>
    public IReadOnlyList<CircuitNode> PathToRoot(string circuitId)
    {
        var path = new List<CircuitNode>();
        for (var c = FindCircuit(circuitId); c is not null; c = c.ParentId is { } p ? _circuits[p] : null)
        {
            path.Add(c);
        }

        return path;
    }

    /// <summary>Builds the topology of a validated map. The map must come from <see cref="SiteMapLoader"/>.</summary>
    public static SiteTopology Build(SiteMapDocument map)
    {
        var voltage = map.NominalVoltageV;
        var byId = map.Circuits.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var children = map.Circuits
            .Where(c => c.ParentId is not null)
            .GroupBy(c => c.ParentId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Id).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        string RootOf(string id) => byId[id].ParentId is { } p ? RootOf(p) : id;

        // Reservations in ordinal order of load id so that the sums are the same bit for bit on every run.
        var reserved = new Dictionary<string, double>(StringComparer.Ordinal);
        // Per line: the three-phase loads' sum split in three (as the total always was), plus each single-phase load
        // whole on its own line. A single-phase load split in three would leave its line short by two thirds of it.
        var reservedThreePhase = new Dictionary<string, double>(StringComparer.Ordinal);
        var reservedOnOneLine = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var load in map.OtherLoads.OrderBy(l => l.Id, StringComparer.Ordinal))
        {
            for (var id = load.CircuitId; id is not null; id = byId[id].ParentId)
            {
                reserved[id] = reserved.GetValueOrDefault(id) + load.PowerW;
                if (load.Phases.Count == 1)
                {
                    if (!reservedOnOneLine.TryGetValue(id, out var lines))
                    {
                        reservedOnOneLine[id] = lines = new double[3];
                    }

                    lines[(int)load.Phases[0] - (int)PhaseConductor.L1] += load.PowerW;
                }
                else
                {
                    reservedThreePhase[id] = reservedThreePhase.GetValueOrDefault(id) + load.PowerW;
                }
            }
        }

        double[] PerLine(string circuitId)
        {
            var third = reservedThreePhase.GetValueOrDefault(circuitId) / 3;
            var single = reservedOnOneLine.GetValueOrDefault(circuitId) ?? new double[3];
            return [third + single[0], third + single[1], third + single[2]];
        }

        var groups = new List<ChargingGroup>();
        foreach (var root in map.Circuits.Where(c => c.ParentId is null).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var nodes = new List<CircuitNode>();
            void Visit(CircuitDefinition circuit, int depth)
            {
                var kids = children.GetValueOrDefault(circuit.Id) ?? [];
                nodes.Add(new CircuitNode(
                    circuit,
                    root.Id,
                    depth,
                    kids,
                    SiteMapCrossChecks.TotalLimitW(circuit.LimitPerPhaseA, circuit.LimitW, voltage)!.Value,
                    circuit.LimitPerPhaseA * voltage,
                    reserved.GetValueOrDefault(circuit.Id),
                    PerLine(circuit.Id)));
                foreach (var kid in kids)
                {
                    Visit(byId[kid], depth + 1);
                }
            }

            Visit(root, 0);
            bool InGroup(string circuitId) => RootOf(circuitId) == root.Id;
            groups.Add(new ChargingGroup(
                nodes[0],
                nodes,
                [.. map.ChargePoints.Where(c => InGroup(c.CircuitId)).OrderBy(c => c.ChargePointId, StringComparer.Ordinal)],
                [.. map.PvInverters.Where(p => InGroup(p.CircuitId)).OrderBy(p => p.Id, StringComparer.Ordinal)],
                [.. map.Batteries.Where(b => InGroup(b.CircuitId)).OrderBy(b => b.Id, StringComparer.Ordinal)],
                [.. map.OtherLoads.Where(l => InGroup(l.CircuitId)).OrderBy(l => l.Id, StringComparer.Ordinal)]));
        }

        return new SiteTopology(map, groups);
    }
}
