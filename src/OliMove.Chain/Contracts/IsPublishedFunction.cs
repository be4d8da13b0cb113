using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AlgorithmRegistry.isPublished.</summary>
[Function("isPublished", "bool")]
public sealed class IsPublishedFunction : FunctionMessage
{
    [Parameter("uint32", "version", 1)]
    public uint Version { get; set; }
}
