using OliMove.Modbus.SunSpec;

namespace OliMove.Modbus.Polling;

/// <summary>The poller's per-inverter state: its reader, cached nameplate and the limit it keeps written.</summary>
internal sealed class PolledInverter(PvInverterEndpoint endpoint, SunSpecReader reader)
{
    public PvInverterEndpoint Endpoint { get; } = endpoint;

    public SunSpecReader Reader { get; } = reader;

    public double? RatedPowerW { get; set; }

    public double? RequestedLimit { get; set; }

    public double? WrittenLimit { get; set; }

    public DateTimeOffset WrittenAt { get; set; } = DateTimeOffset.MinValue;
}
