using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using OliMove.SiteMap;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Generated site maps: <c>cabinets</c> root circuits of <c>perCabinet</c> one-connector 11 kW charge points
/// (ids RLY-cc-nn, key demo-key-RLY-cc-nn, limits in W). Key hashes are cached per id because PBKDF2 at the
/// minimum 100,000 iterations costs tens of milliseconds each.
/// </summary>
public static class TestSiteMap
{
    private static readonly ConcurrentDictionary<string, string> Hashes = new(StringComparer.Ordinal);

    public static string Id(int cabinet, int index) => string.Create(CultureInfo.InvariantCulture, $"RLY-{cabinet:00}-{index:00}");

    public static string Cabinet(int cabinet) => string.Create(CultureInfo.InvariantCulture, $"cabinet-{cabinet:00}");

    public static string Key(string chargePointId) => $"demo-key-{chargePointId}";

    public static IEnumerable<string> Ids(int cabinets, int perCabinet) =>
        Enumerable.Range(1, cabinets).SelectMany(c => Enumerable.Range(1, perCabinet).Select(i => Id(c, i)));

    public static string Yaml(int cabinets, int perCabinet, long cabinetLimitW, string? extra = null)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("site:\n  id: reliability\n  nominalVoltageV: 230");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"gridConnection:\n  limitW: {cabinets * cabinetLimitW}");
        yaml.AppendLine("circuits:");
        for (var c = 1; c <= cabinets; c++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - id: {Cabinet(c)}\n    limitW: {cabinetLimitW}");
        }

        yaml.AppendLine("chargePoints:");
        for (var c = 1; c <= cabinets; c++)
        {
            for (var i = 1; i <= perCabinet; i++)
            {
                var id = Id(c, i);
                var hash = Hashes.GetOrAdd(id, k => AuthorizationKeyHash.Create(Key(k)));
                yaml.AppendLine(CultureInfo.InvariantCulture, $"""
                      - chargePointId: {id}
                        circuit: {Cabinet(c)}
                        chargingRateUnit: W
                        authorizationKeyHash: "{hash}"
                        connectors:
                          - connectorId: 1
                            evseId: "DE*OLI*E{c:00}{i:00}*1"
                            connectionType: Type2
                            ratedPowerW: 11000
                            phases: 3
                    """);
            }
        }

        if (extra is not null)
        {
            yaml.AppendLine(extra);
        }

        return yaml.ToString();
    }
}
