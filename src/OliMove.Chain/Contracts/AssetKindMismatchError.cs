using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry: the id is registered as another kind of asset.</summary>
[Error("AssetKindMismatch")]
public sealed class AssetKindMismatchError
{
    [Parameter("string", "assetId", 1)]
    public string AssetId { get; set; } = "";

    [Parameter("uint8", "registeredAs", 2)]
    public byte RegisteredAs { get; set; }
}
