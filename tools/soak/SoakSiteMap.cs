using System.Globalization;
using System.Text;
using OliMove.SiteMap;

namespace OliMove.Tools.Soak;

/// <summary>
/// The soak site: <c>cabinets</c> root circuits (one charging group each) of up to <c>perCabinet</c>
/// one-connector 11 kW, 3-phase charge points (ids SOAK-ccc-nn, demo-style keys demo-key-&lt;id&gt;, limits
/// in W), as tests/OliMove.Edge.Reliability.Tests/TestSiteMap.cs builds its maps.
/// </summary>
public static class SoakSiteMap
{
    public const long ConnectorPowerW = 11_000;

    public static string Id(int cabinet, int index) => string.Create(CultureInfo.InvariantCulture, $"SOAK-{cabinet:000}-{index:00}");

    public static string Cabinet(int cabinet) => string.Create(CultureInfo.InvariantCulture, $"cabinet-{cabinet:000}");

    public static string Key(string chargePointId) => $"demo-key-{chargePointId}";

    /// <summary>The charge points in site-map order: cabinet 1 first, the last cabinet possibly partly filled.</summary>
    public static IReadOnlyList<(string Id, int Cabinet)> ChargePoints(int count, int perCabinet) =>
        [.. Enumerable.Range(0, count).Select(n => (Id(n / perCabinet + 1, n % perCabinet + 1), n / perCabinet + 1))];

    public static string Yaml(int count, int perCabinet, long cabinetLimitW)
    {
        var chargePoints = ChargePoints(count, perCabinet);
        var cabinets = chargePoints[^1].Cabinet;
        // PBKDF2 at the minimum 100,000 iterations costs tens of milliseconds a key: hash on every core.
        var hashes = new string[chargePoints.Count];
        Parallel.For(0, chargePoints.Count, i => hashes[i] = AuthorizationKeyHash.Create(Key(chargePoints[i].Id)));

        var yaml = new StringBuilder();
        yaml.AppendLine("site:\n  id: soak\n  nominalVoltageV: 230");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"gridConnection:\n  limitW: {cabinets * cabinetLimitW}");
        yaml.AppendLine("circuits:");
        for (var c = 1; c <= cabinets; c++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - id: {Cabinet(c)}\n    limitW: {cabinetLimitW}");
        }

        yaml.AppendLine("chargePoints:");
        for (var i = 0; i < chargePoints.Count; i++)
        {
            var (id, cabinet) = chargePoints[i];
            yaml.AppendLine(CultureInfo.InvariantCulture, $"""
                  - chargePointId: {id}
                    circuit: {Cabinet(cabinet)}
                    chargingRateUnit: W
                    authorizationKeyHash: "{hashes[i]}"
                    connectors:
                      - connectorId: 1
                        evseId: "DE*OLI*E{i + 1:00000}*1"
                        connectionType: Type2
                        ratedPowerW: {ConnectorPowerW}
                        phases: 3
                """);
        }

        return yaml.ToString();
    }
}
