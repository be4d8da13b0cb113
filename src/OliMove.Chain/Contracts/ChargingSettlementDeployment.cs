using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>Constructor of ChargingSettlement (it deploys its own FlexToken).</summary>
public sealed class ChargingSettlementDeployment() : ContractDeploymentMessage(ContractArtifact.Load("ChargingSettlement").Bytecode)
{
    [Parameter("address", "admin", 1)]
    public string Admin { get; set; } = "";

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = "";

    [Parameter("uint32", "initialTariffCentsPerKWh", 3)]
    public uint InitialTariffCentsPerKWh { get; set; }

    [Parameter("uint256", "initialTokensPerWhH", 4)]
    public BigInteger InitialTokensPerWhH { get; set; }
}
