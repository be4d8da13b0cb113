using System.Globalization;
using System.Text;

namespace OliMove.Modbus.SunSpec;

/// <summary>Plain-text rendering of a probe report for the technicians' CLI.</summary>
public static class SunSpecProbeReportRenderer
{
    public static string RenderText(SunSpecProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var verdict = report.Succeeded ? "OK" : $"FAILED ({Describe(report.Outcome)})";
        text.Append(CultureInfo.InvariantCulture, $"SunSpec probe {report.Host}:{report.Port} unit {report.UnitId}: {verdict}\n");
        if (report.Reason is not null)
        {
            Line(text, "reason", report.Reason);
        }

        if (report.Hint is not null)
        {
            Line(text, "hint", report.Hint);
        }

        if (report.Map is { } map)
        {
            Line(text, "base address", map.BaseAddress.ToString(CultureInfo.InvariantCulture));
            Line(text, "models", string.Join(", ", map.Models.Select(m => $"{m.Id} ({ModelName(m.Id)}) @{m.Address} L{m.Length}")));
        }

        if (report.Common is { } common)
        {
            Line(text, "manufacturer", common.Manufacturer);
            Line(text, "model", common.Model);
            Line(text, "serial", common.SerialNumber);
            Line(text, "version", common.Version);
        }

        if (report.Inverter is { } inverter)
        {
            Line(text, "power", Quantity(inverter.PowerW, "W"));
            Line(text, "energy", Quantity(inverter.LifetimeEnergyWh, "Wh"));
            Line(text, "state", inverter.State?.ToString().ToUpperInvariant() ?? "not implemented");
        }

        if (report.Nameplate is { } nameplate)
        {
            Line(text, "rated power", Quantity(nameplate.RatedPowerW, "W"));
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"  {label,-13}{value}\n");

    private static string Quantity(double? value, string unit) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.###} {unit}") : "not implemented";

    private static string Describe(SunSpecProbeOutcome outcome) => outcome switch
    {
        SunSpecProbeOutcome.ConnectionRefused => "connection refused",
        SunSpecProbeOutcome.HostUnreachable => "host unreachable",
        SunSpecProbeOutcome.WrongUnitId => "wrong unit id",
        SunSpecProbeOutcome.NoSunSpec => "no SunSpec",
        SunSpecProbeOutcome.Timeout => "timeout",
        SunSpecProbeOutcome.DeviceError => "device error",
        _ => outcome.ToString(),
    };

    private static string ModelName(ushort id) => id switch
    {
        1 => "common",
        101 => "single-phase inverter",
        102 => "split-phase inverter",
        103 => "three-phase inverter",
        111 => "single-phase inverter, float",
        112 => "split-phase inverter, float",
        113 => "three-phase inverter, float",
        120 => "nameplate",
        121 => "settings",
        122 => "status",
        123 => "immediate controls",
        160 => "MPPT",
        _ => "other",
    };
}
