using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>Constructor of AlgorithmRegistry.</summary>
public sealed class AlgorithmRegistryDeployment() : ContractDeploymentMessage(ContractArtifact.Load("AlgorithmRegistry").Bytecode)
{
    [Parameter("address", "admin", 1)]
    public string Admin { get; set; } = "";

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = "";
}
