using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.assetsOf: every index registered for a site, retired ones included.</summary>
[Function("assetsOf", "uint32[]")]
public sealed class AssetsOfFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];
}
