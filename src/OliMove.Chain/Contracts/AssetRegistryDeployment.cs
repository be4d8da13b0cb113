using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>Constructor of AssetRegistry.</summary>
public sealed class AssetRegistryDeployment() : ContractDeploymentMessage(ContractArtifact.Load("AssetRegistry").Bytecode)
{
    [Parameter("address", "admin", 1)]
    public string Admin { get; set; } = "";

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = "";
}
