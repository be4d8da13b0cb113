using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>Constructor of ChargingSettlement (it deploys its own FlexToken).</summary>
public sealed class ChargingSettlementDeployment() : ContractDeploymentMessage(ContractArtifact.Load("ChargingSettlement").Bytecode)
{
    [Parameter("address", "admin", 1)]
    public string Admin { get; set; } = "";

    [Parameter("uint32", "initialTariffCentsPerKWh", 2)]
    public uint InitialTariffCentsPerKWh { get; set; }

    [Parameter("uint256", "initialTokensPerWhH", 3)]
    public BigInteger InitialTokensPerWhH { get; set; }

    [Parameter("uint16", "laxityCapMinutes", 4)]
    public ushort LaxityCapMinutes { get; set; }

    [Parameter("uint32", "maxEnergyWhPerSession", 5)]
    public uint MaxEnergyWhPerSession { get; set; }
}
