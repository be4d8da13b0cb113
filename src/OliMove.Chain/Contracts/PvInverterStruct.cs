using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.PvInverter.</summary>
public sealed class PvInverterStruct
{
    [Parameter("string", "inverterId", 1)]
    public string InverterId { get; set; } = "";

    [Parameter("uint32", "peakPowerW", 2)]
    public uint PeakPowerW { get; set; }

    [Parameter("string", "group", 3)]
    public string Group { get; set; } = "";
}
