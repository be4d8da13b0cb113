using System.Globalization;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap.Parsing;

/// <summary>
/// Second pass: relations between items. Duplicates, references to circuits, the circuit tree (missing
/// parents, cycles), the grid connection against the root circuits, and every connector against the
/// circuits above it.
/// </summary>
internal sealed class SiteMapCrossChecks(SiteMapDiagnostics diagnostics)
{
    private readonly SiteMapDiagnostics _diagnostics = diagnostics;

    public void Check(ParsedSiteMap map)
    {
        var voltage = map.NominalVoltageV;
        var circuits = Unique(map.Circuits, c => c.Id, c => c.IdNode, "circuit id");
        var rooted = CheckTree(map.Circuits, circuits);
        CheckGridConnection(map, circuits, voltage);

        Unique(map.ChargePoints, c => c.Id, c => c.IdNode, "charge point id");
        var evseIds = new Dictionary<string, YamlTreeNode>(StringComparer.Ordinal);
        foreach (var cp in map.ChargePoints)
        {
            var owner = cp.Id is null ? null : $"charge point '{cp.Id}'";
            if (owner is not null && cp.CircuitId is not null && !circuits.ContainsKey(cp.CircuitId))
            {
                _diagnostics.Error(cp.CircuitNode!, $"{owner} sits in circuit '{cp.CircuitId}', which does not exist");
            }

            CheckConnectorNumbers(cp, owner);
            foreach (var connector in cp.Connectors)
            {
                if (connector.EvseId is not null)
                {
                    if (evseIds.TryGetValue(connector.EvseId, out var first))
                    {
                        _diagnostics.Error(connector.EvseIdNode!, $"evseId '{connector.EvseId}' is used twice (first at line {first.Line})");
                    }
                    else
                    {
                        evseIds.Add(connector.EvseId, connector.EvseIdNode!);
                    }
                }

                CheckCurrents(connector);
                if (cp.CircuitId is not null && circuits.TryGetValue(cp.CircuitId, out var cabinet) && rooted.Contains(cabinet))
                {
                    CheckAgainstCircuits(connector, cabinet, circuits, voltage);
                }
            }
        }

        CheckEquipment(map.PvInverters, circuits, "feeds");
        CheckEquipment(map.Batteries, circuits, "sits on");
        CheckEquipment(map.OtherLoads, circuits, "sits on");
        CheckReservations(map, circuits, rooted, voltage);
        CheckMeters(map, circuits);
    }

    /// <summary>The total limit of a circuit in W: its limitW, or 3 phases × limitA × voltage, whichever is lower.</summary>
    public static double? TotalLimitW(double? limitA, double? limitW, double? voltage)
    {
        double? fromA = limitA is { } a && voltage is { } v ? 3 * a * v : null;
        return (fromA, limitW) switch
        {
            (null, null) => null,
            (null, { } w) => w,
            ({ } fa, null) => fa,
            ({ } fa, { } w) => Math.Min(fa, w),
        };
    }

    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private Dictionary<string, T> Unique<T>(IEnumerable<T> items, Func<T, string?> id, Func<T, YamlTreeNode?> node, string what)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (id(item) is not { } key)
            {
                continue;
            }

            if (result.TryGetValue(key, out var first))
            {
                _diagnostics.Error(node(item)!, $"{what} '{key}' is used twice (first at line {node(first)!.Line})");
            }
            else
            {
                result.Add(key, item);
            }
        }

        return result;
    }

    /// <summary>Reports missing parents and cycles; returns the circuits whose parent chain ends at a root.</summary>
    private HashSet<ParsedCircuit> CheckTree(IReadOnlyList<ParsedCircuit> all, Dictionary<string, ParsedCircuit> circuits)
    {
        var broken = new HashSet<ParsedCircuit>();
        foreach (var circuit in circuits.Values)
        {
            if (circuit.ParentId is not { } parentId)
            {
                continue;
            }

            if (parentId == circuit.Id)
            {
                _diagnostics.Error(circuit.ParentNode!, $"circuit '{circuit.Id}' names itself as its parent");
                broken.Add(circuit);
            }
            else if (!circuits.ContainsKey(parentId))
            {
                _diagnostics.Error(circuit.ParentNode!, $"circuit '{circuit.Id}' names parent '{parentId}', which does not exist");
                broken.Add(circuit);
            }
        }

        // Cycles: walk up from each circuit in file order; a cycle is reported once, at its first member in the file.
        var reported = new HashSet<ParsedCircuit>();
        foreach (var start in all.Where(c => c.Id is not null && circuits[c.Id] == c))
        {
            var path = new List<ParsedCircuit>();
            var current = start;
            while (current is not null && !broken.Contains(current) && !path.Contains(current))
            {
                path.Add(current);
                current = current.ParentId is { } p && circuits.TryGetValue(p, out var parent) ? parent : null;
            }

            if (current is not null && path.Contains(current) && !broken.Contains(current))
            {
                var cycle = path.Skip(path.IndexOf(current)).ToList();
                if (!cycle.Any(reported.Contains))
                {
                    var first = cycle.OrderBy(c => c.Item.Line).ThenBy(c => c.Item.Column).First();
                    var rotated = cycle.Skip(cycle.IndexOf(first)).Concat(cycle.Take(cycle.IndexOf(first))).ToList();
                    var names = string.Join(" -> ", rotated.Append(first).Select(c => $"'{c.Id}'"));
                    _diagnostics.Error(first.ParentNode!, $"circuits {names} form a cycle; following the parents must end at a root circuit (one without 'parent')");
                    reported.UnionWith(cycle);
                }
            }
        }

        var rooted = new HashSet<ParsedCircuit>();
        foreach (var circuit in circuits.Values)
        {
            var seen = new HashSet<ParsedCircuit>();
            var current = circuit;
            while (!broken.Contains(current) && seen.Add(current))
            {
                if (current.ParentId is null)
                {
                    rooted.Add(circuit);
                    break;
                }

                current = circuits[current.ParentId];
            }
        }

        return rooted;
    }

    private void CheckGridConnection(ParsedSiteMap map, Dictionary<string, ParsedCircuit> circuits, double? voltage)
    {
        if (!map.GridValid || map.GridNode is null)
        {
            return;
        }

        var roots = circuits.Values.Where(c => c.ParentId is null).ToList();
        var gridW = TotalLimitW(map.GridLimitA, map.GridLimitW, voltage);
        var rootW = roots.Select(r => TotalLimitW(r.LimitA, r.LimitW, voltage)).ToList();
        if (gridW is { } g && rootW.Count > 0 && rootW.All(w => w is not null))
        {
            var sum = rootW.Sum(w => w!.Value);
            if (g < sum)
            {
                _diagnostics.Error(map.GridNode, $"the grid connection limit ({Format(g)} W) is below the sum of the root circuits' limits ({Format(sum)} W), so the charging groups could not be planned independently; raise the grid connection limit or lower the root circuits' limits");
            }
        }

        if (map.GridLimitA is { } gridA && roots.Count > 0 && roots.All(r => r.LimitA is not null))
        {
            var sumA = roots.Sum(r => r.LimitA!.Value);
            if (gridA < sumA)
            {
                _diagnostics.Error(map.GridNode, $"the grid connection limit ({Format(gridA)} A per phase) is below the sum of the root circuits' limits ({Format(sumA)} A per phase), so the charging groups could not be planned independently; raise the grid connection limit or lower the root circuits' limits");
            }
        }
    }

    private void CheckConnectorNumbers(ParsedChargePoint cp, string? owner)
    {
        var seen = new Dictionary<int, ParsedConnector>();
        foreach (var connector in cp.Connectors)
        {
            if (connector.ConnectorId is not { } id)
            {
                continue;
            }

            if (seen.TryGetValue(id, out var first))
            {
                _diagnostics.Error(connector.ConnectorIdNode!, $"{owner ?? "the charge point"} has connector {id} twice (first at line {first.ConnectorIdNode!.Line})");
            }
            else
            {
                seen.Add(id, connector);
            }
        }

        // OCPP 1.6 numbers a charge point's connectors 1, 2, ... without gaps; connector 0 is the charge point itself.
        if (owner is null || !cp.ConnectorsValid || cp.Connectors.Any(c => c.ConnectorId is null))
        {
            return;
        }

        for (var expected = 1; expected <= seen.Count; expected++)
        {
            if (!seen.ContainsKey(expected))
            {
                var beyond = seen.Values.Where(c => c.ConnectorId > seen.Count).OrderBy(c => c.ConnectorId).First();
                _diagnostics.Error(beyond.ConnectorIdNode!, $"{owner} numbers its connectors with a gap: connector {expected} is missing (OCPP numbers connectors 1, 2, 3, ...)");
                return;
            }
        }
    }

    private void CheckCurrents(ParsedConnector connector)
    {
        if (connector.MinCurrentA is { } min && connector.MaxCurrentA is { } max && min > max)
        {
            _diagnostics.Error(connector.MaxCurrentNode!, $"{connector.Owner} has minCurrentA {Format(min)} A above its maximum current {Format(max)} A");
        }
    }

    /// <summary>
    /// A connector must fit every circuit above it on its own: in W at the nominal voltage and in A per
    /// phase. Reports the nearest circuit it exceeds.
    /// </summary>
    private void CheckAgainstCircuits(ParsedConnector connector, ParsedCircuit cabinet, Dictionary<string, ParsedCircuit> circuits, double? voltage)
    {
        var powerReported = false;
        var currentReported = false;
        for (ParsedCircuit? c = cabinet; c is not null; c = c.ParentId is { } p ? circuits[p] : null)
        {
            if (!powerReported && connector.RatedPowerW is { } rated && TotalLimitW(c.LimitA, c.LimitW, voltage) is { } limitW && rated > limitW)
            {
                _diagnostics.Error(connector.RatedPowerNode!, $"{connector.Owner} is rated {Format(rated)} W, above the {Format(limitW)} W limit of circuit '{c.Id}'");
                powerReported = true;
            }

            if (!currentReported && connector.MaxCurrentA is { } maxA && c.LimitA is { } limitA && maxA > limitA)
            {
                _diagnostics.Error(connector.MaxCurrentNode!, $"{connector.Owner} draws up to {Format(maxA)} A per phase, above the {Format(limitA)} A per phase limit of circuit '{c.Id}'");
                currentReported = true;
            }
        }
    }

    private void CheckEquipment(IReadOnlyList<ParsedEquipment> items, Dictionary<string, ParsedCircuit> circuits, string verb)
    {
        if (items.Count == 0)
        {
            return;
        }

        Unique(items, e => e.Id, e => e.IdNode, $"{items[0].Kind} id");
        foreach (var item in items)
        {
            if (item.Id is not null && item.CircuitId is not null && !circuits.ContainsKey(item.CircuitId))
            {
                _diagnostics.Error(item.CircuitNode!, $"{item.Kind} '{item.Id}' {verb} circuit '{item.CircuitId}', which does not exist");
            }
        }
    }

    /// <summary>The other loads on a circuit and below it must leave some of its limit for charging.</summary>
    private void CheckReservations(ParsedSiteMap map, Dictionary<string, ParsedCircuit> circuits, HashSet<ParsedCircuit> rooted, double? voltage)
    {
        var reserved = new Dictionary<ParsedCircuit, double>();
        foreach (var load in map.OtherLoads)
        {
            if (load.CircuitId is null || load.PowerW is not { } w || !circuits.TryGetValue(load.CircuitId, out var circuit) || !rooted.Contains(circuit))
            {
                continue;
            }

            for (ParsedCircuit? c = circuit; c is not null; c = c.ParentId is { } p ? circuits[p] : null)
            {
                reserved[c] = reserved.GetValueOrDefault(c) + w;
            }
        }

        foreach (var circuit in map.Circuits.Where(reserved.ContainsKey))
        {
            if (TotalLimitW(circuit.LimitA, circuit.LimitW, voltage) is { } limit && reserved[circuit] >= limit)
            {
                _diagnostics.Error(circuit.IdNode!, $"the other loads on circuit '{circuit.Id}' and below it reserve {Format(reserved[circuit])} W, all of its {Format(limit)} W limit, leaving nothing for charging");
            }
        }
    }

    /// <summary>
    /// Every meter measures something that exists, and no load is measured twice: one meter per target, no meter
    /// on a reserved (never measured) load, and no meter on a load whose circuit already has one (the circuit's
    /// meter measures it, so a circuit's other load would be counted twice; decision 0237).
    /// </summary>
    private void CheckMeters(ParsedSiteMap map, Dictionary<string, ParsedCircuit> circuits)
    {
        if (map.Meters.Count == 0)
        {
            return;
        }

        Unique(map.Meters, m => m.Id, m => m.IdNode, "meter id");
        var loads = map.OtherLoads.Where(l => l.Id is not null).GroupBy(l => l.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var targets = new Dictionary<(MeterAttachment, string), ParsedMeter>();
        foreach (var meter in map.Meters)
        {
            if (meter.Id is null || meter.Attachment is not { } attachment)
            {
                continue;
            }

            var owner = $"meter '{meter.Id}'";
            if (attachment == MeterAttachment.Circuit && !circuits.ContainsKey(meter.TargetId!))
            {
                _diagnostics.Error(meter.TargetNode!, $"{owner} measures circuit '{meter.TargetId}', which does not exist");
                continue;
            }

            if (attachment == MeterAttachment.OtherLoad)
            {
                if (!loads.TryGetValue(meter.TargetId!, out var load))
                {
                    _diagnostics.Error(meter.TargetNode!, $"{owner} measures other load '{meter.TargetId}', which does not exist");
                    continue;
                }

                if (load.LoadKind == OtherLoadKind.Reserved)
                {
                    _diagnostics.Error(meter.TargetNode!, $"{owner} measures other load '{load.Id}', which is a fixed reservation ('reservedW'); give the load 'meteredWorstCaseW' instead");
                }
            }

            var key = (attachment, meter.TargetId ?? "");
            if (targets.TryGetValue(key, out var first))
            {
                _diagnostics.Error(meter.TargetNode!, $"{owner} measures the same {Describe(attachment, meter.TargetId)} as meter '{first.Id}' (line {first.IdNode!.Line}); its load would be counted twice");
            }
            else
            {
                targets.Add(key, meter);
            }
        }

        foreach (var meter in map.Meters.Where(m => m.Attachment == MeterAttachment.OtherLoad && m.Id is not null))
        {
            if (loads.TryGetValue(meter.TargetId!, out var load) && load.CircuitId is { } circuit
                && targets.TryGetValue((MeterAttachment.Circuit, circuit), out var circuitMeter))
            {
                _diagnostics.Error(meter.TargetNode!,
                    $"meter '{meter.Id}' measures other load '{load.Id}', which meter '{circuitMeter.Id}' already measures with everything on circuit '{circuit}'; its load would be counted twice (keep one of the two)");
            }
        }
    }

    private static string Describe(MeterAttachment attachment, string? target) => attachment switch
    {
        MeterAttachment.GridConnection => "grid connection",
        MeterAttachment.Circuit => $"circuit '{target}'",
        _ => $"other load '{target}'",
    };
}
