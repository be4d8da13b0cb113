using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AlgorithmRegistry: the (codeHash, parametersHash) pair is published under another number.</summary>
[Error("AlgorithmPublishedAs")]
public sealed class AlgorithmPublishedAsError
{
    [Parameter("uint32", "version", 1)]
    public uint Version { get; set; }
}
