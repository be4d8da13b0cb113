using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.Meter: what a meter measures, on which lines, and the limit of what it measures.</summary>
public sealed class MeterStruct
{
    [Parameter("string", "meterId", 1)]
    public string MeterId { get; set; } = "";

    /// <summary>AssetRegistry.MeterScope: 1 grid connection, 2 circuit, 3 other load (<see cref="MeterScope"/>).</summary>
    [Parameter("uint8", "measures", 2)]
    public byte Measures { get; set; }

    [Parameter("string", "target", 3)]
    public string Target { get; set; } = "";

    /// <summary>Bit mask of the lines: L1 = 1, L2 = 2, L3 = 4.</summary>
    [Parameter("uint8", "phases", 4)]
    public byte Phases { get; set; }

    [Parameter("uint32", "limitW", 5)]
    public uint LimitW { get; set; }

    [Parameter("string", "group", 6)]
    public string Group { get; set; } = "";
}
