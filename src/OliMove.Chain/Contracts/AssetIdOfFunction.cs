using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.assetIdOf: the id an index was registered under.</summary>
[Function("assetIdOf", "string")]
public sealed class AssetIdOfFunction : FunctionMessage
{
    [Parameter("uint32", "index", 1)]
    public uint Index { get; set; }
}
