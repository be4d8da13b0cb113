using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AlgorithmRegistry: the version number is taken by another (codeHash, parametersHash) pair.</summary>
[Error("VersionAlreadyPublished")]
public sealed class VersionAlreadyPublishedError
{
    [Parameter("uint32", "version", 1)]
    public uint Version { get; set; }
}
