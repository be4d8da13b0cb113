using System.Globalization;
using System.Text;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.SiteMap;

/// <summary>
/// The plain-text report of <c>olimove-edge site check FILE</c>: either every error (one per line,
/// <c>file:line:column: error: message</c>), or the tree of charging groups with their capacity,
/// followed by the warnings. Powers are shown in kW with one or two decimals.
/// </summary>
public static class SiteTreeReport
{
    public static string Render(SiteMapLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        if (!result.IsValid)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{result.File}: {Count(result.Errors.Count, "error")}");
            foreach (var error in result.Errors)
            {
                text.AppendLine(error.ToString());
            }
        }
        else
        {
            RenderTree(result.Topology!, text);
        }

        if (result.Warnings.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{Count(result.Warnings.Count, "warning")}:");
            foreach (var warning in result.Warnings)
            {
                text.AppendLine(warning.ToString());
            }
        }

        return text.ToString();
    }

    private static void RenderTree(SiteTopology topology, StringBuilder text)
    {
        var map = topology.Map;
        var grid = map.GridConnection;
        text.AppendLine(CultureInfo.InvariantCulture, $"site {map.SiteId} ({map.SiteName}), nominal {Num(map.NominalVoltageV)} V");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"grid connection: {Limit(grid.LimitPerPhaseA, grid.LimitW, topology.GridLimitW)}, root circuits together {Kw(topology.Groups.Sum(g => g.LimitW))}");
        foreach (var meter in map.Meters.Where(m => m.Attachment == MeterAttachment.GridConnection))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Meter(meter, "the whole site")}");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"{Count(topology.Groups.Count, "charging group")}, {Count(map.ChargePoints.Count, "charge point")}, {Count(map.ChargePoints.Sum(c => c.Connectors.Count), "connector")}");
        foreach (var group in topology.Groups)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"group {group.Id}: limit {Kw(group.LimitW)}, reserved {Kw(group.ReservedW)}, guaranteed capacity {Kw(group.GuaranteedCapacityW)}{Pv(group)}");
            RenderCircuit(group, map.Meters, group.Root, "", text);
        }
    }

    private static void RenderCircuit(ChargingGroup group, IReadOnlyList<MeterDefinition> meters, CircuitNode circuit, string indent, StringBuilder text)
    {
        var reserved = circuit.ReservedW > 0 ? $", reserved {Kw(circuit.ReservedW)}" : "";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{indent}  circuit {circuit.Id}: {Limit(circuit.LimitPerPhaseA, circuit.Definition.LimitW, circuit.LimitW)}{reserved}");
        var inner = indent + "    ";
        foreach (var meter in meters.Where(m => m.Attachment == MeterAttachment.Circuit && m.TargetId == circuit.Id))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{inner}{Meter(meter, "everything below this circuit, chargers included")}");
        }

        foreach (var cp in group.ChargePoints.Where(c => c.CircuitId == circuit.Id))
        {
            var auth = cp.AuthorizationKeyHash is null ? ", NO authorization key" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"{inner}charge point {cp.ChargePointId} (limits in {cp.ChargingRateUnit}{auth})");
            foreach (var c in cp.Connectors)
            {
                var phases = c.Phases == 1 ? $"1-phase {c.Phase}" : c.SwitchesToOnePhase is { } to ? $"3-phase, switches to 1-phase {to}" : "3-phase";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{inner}  connector {c.ConnectorId} {c.EvseId}: {c.ConnectionType}, {Kw(c.RatedPowerW)}, {phases}, {Num(c.MinCurrentA)}-{Num(c.MaxCurrentA)} A");
            }
        }

        foreach (var pv in group.PvInverters.Where(p => p.CircuitId == circuit.Id))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{inner}PV inverter {pv.Id}: {Kw(pv.RatedPowerW)} rated, modbus {pv.Modbus.Host}:{pv.Modbus.Port} unit {pv.Modbus.UnitId}");
        }

        foreach (var battery in group.Batteries.Where(b => b.CircuitId == circuit.Id))
        {
            var control = battery.Modbus is { } m
                ? string.Create(CultureInfo.InvariantCulture, $"modbus {m.Host}:{m.Port} unit {m.UnitId}")
                : "not controlled (no modbus)";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{inner}battery {battery.Id}: {Kwh(battery.CapacityWh)} capacity, {Kwh(battery.UsableEnergyWh)} usable, reserve {Kwh(battery.ReserveWh)}, {control}");
        }

        foreach (var load in group.OtherLoads.Where(l => l.CircuitId == circuit.Id))
        {
            var kind = load.Kind == OtherLoadKind.Metered ? "metered, worst case" : "reserved";
            var lines = load.Phases.Count == 3 ? "3-phase" : $"1-phase {load.Phases[0]}";
            text.AppendLine(CultureInfo.InvariantCulture, $"{inner}other load {load.Id}: {kind} {Kw(load.PowerW)}, {lines}");
            foreach (var meter in meters.Where(m => m.Attachment == MeterAttachment.OtherLoad && m.TargetId == load.Id))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{inner}  {Meter(meter, "this load only")}");
            }
        }

        foreach (var child in group.Circuits.Where(c => c.ParentId == circuit.Id))
        {
            RenderCircuit(group, meters, child, inner, text);
        }
    }

    private static string Meter(MeterDefinition meter, string measures)
    {
        var kind = meter.Registers is { } r
            ? $"register map ({r.Table}, {(r.TotalPowerW is null ? "" : "total")}{(r.TotalPowerW is not null && r.PhasePowerW.Count > 0 ? " + " : "")}{(r.PhasePowerW.Count > 0 ? $"{r.PhasePowerW.Count} phase(s)" : "")})"
            : "SunSpec 201-204";
        return $"meter {meter.Id}: measures {measures}; {kind}, modbus {meter.Modbus.Host}:{meter.Modbus.Port} unit {meter.Modbus.UnitId}";
    }

    private static string Limit(double? perPhaseA, double? limitW, double totalW)
    {
        var parts = new List<string>();
        if (perPhaseA is { } a)
        {
            parts.Add($"{Num(a)} A per phase");
        }

        if (limitW is { } w)
        {
            parts.Add(Kw(w));
        }

        return $"{string.Join(" and ", parts)} (= {Kw(totalW)})";
    }

    // PV only ever adds forecast surplus, so it is shown apart from the guarantee (docs/design.md § Physical limits and PV).
    private static string Pv(ChargingGroup group) =>
        group.PvInverters.Count == 0 ? "" : $", plus PV up to {Kw(group.PvInverters.Sum(p => p.RatedPowerW))} (surplus only, not guaranteed)";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Kw(double w) => (w / 1000).ToString("0.0#", CultureInfo.InvariantCulture) + " kW";

    private static string Kwh(double wh) => (wh / 1000).ToString("0.0#", CultureInfo.InvariantCulture) + " kWh";

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
