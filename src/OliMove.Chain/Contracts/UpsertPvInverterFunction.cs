using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.upsertPvInverter.</summary>
[Function("upsertPvInverter")]
public sealed class UpsertPvInverterFunction : FunctionMessage
{
    [Parameter("tuple", "pv", 1)]
    public PvInverterStruct Pv { get; set; } = new();
}
