using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.pvInverter (reverts UnknownAsset).</summary>
[Function("pvInverter", typeof(PvInverterOutput))]
public sealed class PvInverterFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("string", "inverterId", 2)]
    public string InverterId { get; set; } = "";
}
