namespace OliMove.Modbus.SunSpec;

/// <summary>Where the SunSpec map starts and the models it holds, in chain order.</summary>
public sealed record SunSpecMap(int BaseAddress, IReadOnlyList<SunSpecModelHeader> Models)
{
    /// <summary>The inverter models this reader understands: integer + scale factor, and float.</summary>
    public static readonly IReadOnlyList<ushort> InverterModelIds = [101, 102, 103, 111, 112, 113];

    public SunSpecModelHeader? Find(ushort id) => Models.FirstOrDefault(m => m.Id == id);

    public SunSpecModelHeader? FindInverter() => Models.FirstOrDefault(m => InverterModelIds.Contains(m.Id));
}
