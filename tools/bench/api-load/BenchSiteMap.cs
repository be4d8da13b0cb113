using System.Globalization;
using System.Text;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// The benchmark's site: <c>cabinets</c> root circuits of <c>perCabinet</c> one-connector 11 kW charge points
/// (ids LOAD-cc-nn, AuthorizationKey load-key-LOAD-cc-nn), each cabinet rated for 60 % of its chargers at full power.
/// </summary>
public static class BenchSiteMap
{
    public static IReadOnlyList<ChargerAccess> Chargers(int cabinets, int perCabinet) =>
        [.. Enumerable.Range(1, cabinets).SelectMany(c => Enumerable.Range(1, perCabinet).Select(i =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"LOAD-{c:00}-{i:00}");
            return new ChargerAccess(id, $"load-key-{id}");
        }))];

    /// <summary>
    /// The site map's YAML. Its N salted PBKDF2 hashes cost ~0.1 s of CPU each (minutes for 1,000 on a loaded 2-core
    /// box), so the text is kept in the temp folder per size and reused by later runs; they are computed on all cores.
    /// </summary>
    public static string Yaml(int cabinets, int perCabinet)
    {
        var cache = Path.Combine(Path.GetTempPath(), "olimove-bench-site-maps", string.Create(CultureInfo.InvariantCulture, $"site-{cabinets}x{perCabinet}.yaml"));
        if (File.Exists(cache))
        {
            return File.ReadAllText(cache);
        }

        var yaml = Generate(cabinets, perCabinet);
        Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
        var partial = cache + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(partial, yaml);
        File.Move(partial, cache, overwrite: true);
        return yaml;
    }

    private static string Generate(int cabinets, int perCabinet)
    {
        var hashes = Chargers(cabinets, perCabinet).AsParallel().AsOrdered()
            .Select(c => OliMove.SiteMap.AuthorizationKeyHash.Create(c.AuthorizationKey)).ToArray();
        var cabinetW = perCabinet * 11_000 * 6 / 10;
        var yaml = new StringBuilder();
        yaml.AppendLine("site:\n  id: api-load\n  name: API load benchmark site\n  nominalVoltageV: 230");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"gridConnection:\n  limitW: {cabinets * cabinetW}");
        yaml.AppendLine("circuits:");
        for (var c = 1; c <= cabinets; c++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - id: cabinet-{c:00}\n    limitW: {cabinetW}");
        }

        yaml.AppendLine("chargePoints:");
        foreach (var (charger, index) in Chargers(cabinets, perCabinet).Select((c, i) => (c, i)))
        {
            var cabinet = index / perCabinet + 1;
            yaml.AppendLine(CultureInfo.InvariantCulture, $"""
                  - chargePointId: {charger.ChargePointId}
                    circuit: cabinet-{cabinet:00}
                    chargingRateUnit: W
                    authorizationKeyHash: "{hashes[index]}"
                    connectors:
                      - connectorId: 1
                        evseId: "DE*OLI*E{index + 1:0000}*1"
                        connectionType: Type2
                        ratedPowerW: 11000
                        phases: 3
                """);
        }

        return yaml.ToString();
    }
}
