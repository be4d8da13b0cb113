using OliMove.SiteMap.Model;
using OliMove.SiteMap.Parsing;
using OliMove.SiteMap.Topology;
using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap;

/// <summary>
/// Reads a site map (YAML) and validates it fully: syntax, keys, types, required fields, duplicates,
/// the circuit tree and the electrical limits. Reports every error at once; a map with any error
/// yields no model, so a bad edit changes nothing.
/// </summary>
public static class SiteMapLoader
{
    public static async Task<SiteMapLoadResult> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Unreadable(path, "the file does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            // Our own words, not the runtime's: no .NET text reaches a technician (issue 16).
            return Unreadable(path, "the file cannot be read: permission denied, or the path is a directory");
        }
        catch (IOException)
        {
            return Unreadable(path, "the file cannot be read (locked by another program or a storage error); try again or copy it");
        }

        return LoadString(text, path);
    }

    /// <param name="yaml">The site map text.</param>
    /// <param name="file">The name errors are reported under.</param>
    public static SiteMapLoadResult LoadString(string yaml, string file = "site-map.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var diagnostics = new SiteMapDiagnostics(file);
        var root = YamlTreeReader.Read(yaml, diagnostics);
        var syntaxError = root is null && diagnostics.Errors.Count > 0;

        // Duplicate keys leave a usable tree (first occurrence kept): go on so that all errors show up together.
        var parsed = syntaxError ? null : new SiteMapParser(diagnostics).Parse(root);

        if (parsed is not null)
        {
            new SiteMapCrossChecks(diagnostics).Check(parsed);
        }

        var errors = diagnostics.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        var warnings = diagnostics.Warnings.OrderBy(w => w.Line).ThenBy(w => w.Column).ToList();
        if (errors.Count > 0 || parsed is null)
        {
            return new SiteMapLoadResult(file, null, null, errors, warnings);
        }

        var map = ToDocument(parsed);
        return new SiteMapLoadResult(file, map, SiteTopology.Build(map), errors, warnings);
    }

    private static SiteMapLoadResult Unreadable(string path, string message) =>
        new(path, null, null, [new SiteMapError(path, 0, 0, message)], []);

    // Only called without errors, so every required value is present.
    private static SiteMapDocument ToDocument(ParsedSiteMap p) => new(
        p.SiteId!,
        p.SiteName ?? p.SiteId!,
        p.NominalVoltageV!.Value,
        new GridConnection(p.GridLimitA, p.GridLimitW),
        [.. p.Circuits.Select(c => new CircuitDefinition(c.Id!, c.ParentId, c.LimitA, c.LimitW))],
        [.. p.ChargePoints.Select(cp => new ChargePointDefinition(
            cp.Id!,
            cp.CircuitId!,
            cp.AuthorizationKeyHash,
            cp.ChargingRateUnit!.Value,
            [.. cp.Connectors.OrderBy(c => c.ConnectorId).Select(c => new ConnectorDefinition(
                c.ConnectorId!.Value,
                c.EvseId!,
                c.ConnectionType!.Value,
                c.RatedPowerW!.Value,
                c.Phases!.Value,
                c.Phase,
                c.MinCurrentA!.Value,
                c.MaxCurrentA!.Value,
                c.SwitchesToOnePhase))],
            cp.Upstream))],
        [.. p.PvInverters.Select(pv => new PvInverterDefinition(pv.Id!, pv.CircuitId!, pv.PowerW!.Value, pv.Modbus!))],
        [.. p.Batteries.Select(b => new BatteryDefinition(b.Id!, b.CircuitId!, b.CapacityWh!.Value, b.UsableEnergyWh!.Value)
        {
            ReserveWh = b.ReserveWh ?? 0,
            MaxChargeW = b.MaxChargeW,
            MaxDischargeW = b.MaxDischargeW,
            ChargeFromGrid = b.ChargeFromGrid,
            Modbus = b.Modbus,
        })],
        [.. p.OtherLoads.Select(l => new OtherLoadDefinition(l.Id!, l.CircuitId!, l.LoadKind!.Value, l.PowerW!.Value) { Phases = l.Phases! })])
    {
        Meters = [.. p.Meters.Select(m => new MeterDefinition(m.Id!, m.Attachment!.Value, m.TargetId, m.Modbus!, m.Registers))],
        TimeZone = p.TimeZone ?? "UTC",
    };
}
