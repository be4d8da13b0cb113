using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.indexOf: 0 when not registered.</summary>
[Function("indexOf", "uint32")]
public sealed class IndexOfFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("string", "assetId", 2)]
    public string AssetId { get; set; } = "";
}
