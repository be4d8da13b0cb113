using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.meter (reverts UnknownAsset).</summary>
[Function("meter", typeof(MeterOutput))]
public sealed class MeterFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("string", "meterId", 2)]
    public string MeterId { get; set; } = "";
}
