using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.indexOf: 0 when not registered.</summary>
[Function("indexOf", "uint32")]
public sealed class IndexOfFunction : FunctionMessage
{
    [Parameter("string", "assetId", 1)]
    public string AssetId { get; set; } = "";
}
