using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>Constructor of AssetStatus.</summary>
public sealed class AssetStatusDeployment() : ContractDeploymentMessage(ContractArtifact.Load("AssetStatus").Bytecode)
{
    [Parameter("address", "admin", 1)]
    public string Admin { get; set; } = "";

    [Parameter("address", "algorithmRegistry", 2)]
    public string AlgorithmRegistry { get; set; } = "";
}
