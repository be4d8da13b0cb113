using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.pvInverter (reverts UnknownAsset).</summary>
[Function("pvInverter", typeof(PvInverterOutput))]
public sealed class PvInverterFunction : FunctionMessage
{
    [Parameter("string", "inverterId", 1)]
    public string InverterId { get; set; } = "";
}
