using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.retiredOf: true while the asset is retired.</summary>
[Function("retiredOf", "bool")]
public sealed class RetiredOfFunction : FunctionMessage
{
    [Parameter("uint32", "index", 1)]
    public uint Index { get; set; }
}
