using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.assetCount.</summary>
[Function("assetCount", "uint32")]
public sealed class AssetCountFunction : FunctionMessage
{
}
