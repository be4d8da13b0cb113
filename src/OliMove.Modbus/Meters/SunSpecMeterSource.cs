using OliMove.Modbus.SunSpec;

namespace OliMove.Modbus.Meters;

/// <summary>A SunSpec meter (models 201-204) as a <see cref="IMeterSource"/>.</summary>
public sealed class SunSpecMeterSource(SunSpecReader reader) : IMeterSource
{
    public async Task<MeterPowerReading> ReadPowerAsync(CancellationToken cancellationToken = default)
    {
        var m = await reader.ReadMeterAsync(cancellationToken).ConfigureAwait(false);
        return new MeterPowerReading(m.PowerW, [.. m.Phases.Select(p => p.PowerW)]);
    }
}
