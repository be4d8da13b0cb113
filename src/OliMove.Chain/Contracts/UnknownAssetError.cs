using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry: the id is not registered for this site.</summary>
[Error("UnknownAsset")]
public sealed class UnknownAssetError
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("string", "assetId", 2)]
    public string AssetId { get; set; } = "";
}
