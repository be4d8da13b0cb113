using System.Globalization;
using System.Text;

namespace OliMove.Bench.HistoryExport;

/// <summary>The bench's site: 10 cabinets of one-connector 11 kW chargers (HX-cc-nn), in the demo's time zone.</summary>
public static class HistorySite
{
    public static IReadOnlyList<string> ChargePointIds(int chargePoints) =>
        [.. Enumerable.Range(0, chargePoints).Select(i => string.Create(CultureInfo.InvariantCulture, $"HX-{i / 10 + 1:00}-{i % 10 + 1:00}"))];

    public static string Yaml(int chargePoints)
    {
        var cabinets = (chargePoints + 9) / 10;
        var yaml = new StringBuilder();
        yaml.AppendLine("site:\n  id: history-export\n  name: History export bench site\n  nominalVoltageV: 230\n  timeZone: Europe/Berlin");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"gridConnection:\n  limitW: {cabinets * 66_000}");
        yaml.AppendLine("circuits:");
        for (var c = 1; c <= cabinets; c++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - id: cabinet-{c:00}\n    limitW: 66000");
        }

        yaml.AppendLine("chargePoints:");
        foreach (var (id, index) in ChargePointIds(chargePoints).Select((id, i) => (id, i)))
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"""
                  - chargePointId: {id}
                    circuit: cabinet-{index / 10 + 1:00}
                    chargingRateUnit: W
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
