using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.AssetRetired: the site's map no longer has this asset.</summary>
[Event("AssetRetired")]
public sealed class AssetRetiredEvent : IEventDTO
{
    [Parameter("bytes32", "siteId", 1, true)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint32", "index", 2, true)]
    public uint Index { get; set; }

    [Parameter("uint8", "kind", 3)]
    public byte Kind { get; set; }

    [Parameter("string", "assetId", 4)]
    public string AssetId { get; set; } = "";
}
