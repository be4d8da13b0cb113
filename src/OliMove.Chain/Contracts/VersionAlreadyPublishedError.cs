using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AlgorithmRegistry: the version exists.</summary>
[Error("VersionAlreadyPublished")]
public sealed class VersionAlreadyPublishedError
{
    [Parameter("uint32", "version", 1)]
    public uint Version { get; set; }
}
