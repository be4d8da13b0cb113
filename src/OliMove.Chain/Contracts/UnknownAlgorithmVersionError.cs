using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus: the commitment names an unpublished algorithm version.</summary>
[Error("UnknownAlgorithmVersion")]
public sealed class UnknownAlgorithmVersionError
{
    [Parameter("uint32", "version", 1)]
    public uint Version { get; set; }
}
