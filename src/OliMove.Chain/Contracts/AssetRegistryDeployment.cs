using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>Constructor of AssetRegistry: only the admin; operators join per site (<see cref="SiteJoiner"/>).</summary>
public sealed class AssetRegistryDeployment() : ContractDeploymentMessage(ContractArtifact.Load("AssetRegistry").Bytecode)
{
    [Parameter("address", "admin", 1)]
    public string Admin { get; set; } = "";
}
