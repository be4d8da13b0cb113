using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AlgorithmRegistry.AlgorithmPublished.</summary>
[Event("AlgorithmPublished")]
public sealed class AlgorithmPublishedEvent : IEventDTO
{
    [Parameter("uint32", "version", 1, true)]
    public uint Version { get; set; }

    [Parameter("bytes32", "codeHash", 2)]
    public byte[] CodeHash { get; set; } = [];

    [Parameter("bytes32", "parametersHash", 3)]
    public byte[] ParametersHash { get; set; } = [];

    [Parameter("string", "description", 4)]
    public string Description { get; set; } = "";
}
