using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>Return value of ChargingSettlement.rates.</summary>
[FunctionOutput]
public sealed class RatesOutput : IFunctionOutputDTO
{
    [Parameter("uint32", "tariff", 1)]
    public uint Tariff { get; set; }

    [Parameter("uint256", "tokenRate", 2)]
    public BigInteger TokenRate { get; set; }

    [Parameter("uint16", "laxityCapMinutes", 3)]
    public ushort LaxityCapMinutes { get; set; }

    [Parameter("uint32", "maxEnergyWhPerSession", 4)]
    public uint MaxEnergyWhPerSession { get; set; }
}
