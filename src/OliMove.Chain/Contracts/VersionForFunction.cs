using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AlgorithmRegistry.versionFor: the number a (codeHash, parametersHash) pair was published under, 0 if never.</summary>
[Function("versionFor", "uint32")]
public sealed class VersionForFunction : FunctionMessage
{
    [Parameter("bytes32", "codeHash", 1)]
    public byte[] CodeHash { get; set; } = [];

    [Parameter("bytes32", "parametersHash", 2)]
    public byte[] ParametersHash { get; set; } = [];
}
