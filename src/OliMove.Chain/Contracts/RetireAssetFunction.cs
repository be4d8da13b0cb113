using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.retireAsset: marks an asset the site no longer has (reverts UnknownAsset).</summary>
[Function("retireAsset", "uint32")]
public sealed class RetireAssetFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("string", "assetId", 2)]
    public string AssetId { get; set; } = "";
}
