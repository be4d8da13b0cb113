namespace OliMove.Modbus.SunSpec;

/// <summary>Where the SunSpec map starts and the models it holds, in chain order.</summary>
public sealed record SunSpecMap(int BaseAddress, IReadOnlyList<SunSpecModelHeader> Models)
{
    /// <summary>The inverter models this reader understands: integer + scale factor, and float.</summary>
    public static readonly IReadOnlyList<ushort> InverterModelIds = [101, 102, 103, 111, 112, 113];

    /// <summary>The meter models this reader understands: 201 single phase, 202 split phase, 203 wye, 204 delta (integer + scale factors).</summary>
    public static readonly IReadOnlyList<ushort> MeterModelIds = [201, 202, 203, 204];

    public SunSpecModelHeader? Find(ushort id) => Models.FirstOrDefault(m => m.Id == id);

    public SunSpecModelHeader? FindInverter() => Models.FirstOrDefault(m => InverterModelIds.Contains(m.Id));

    public SunSpecModelHeader? FindMeter() => Models.FirstOrDefault(m => MeterModelIds.Contains(m.Id));
}
