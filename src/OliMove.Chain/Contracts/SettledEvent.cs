using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.Settled: the only record of a settled session's details (decision 0340).</summary>
[Event("Settled")]
public sealed class SettledEvent : IEventDTO
{
    [Parameter("bytes32", "siteId", 1, true)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "sessionNumber", 2, true)]
    public ulong SessionNumber { get; set; }

    [Parameter("address", "user", 3, true)]
    public string User { get; set; } = "";

    [Parameter("uint32", "energyWh", 4)]
    public uint EnergyWh { get; set; }

    [Parameter("uint64", "billMilliCents", 5)]
    public ulong BillMilliCents { get; set; }

    [Parameter("uint32", "flexibilityWhH", 6)]
    public uint FlexibilityWhH { get; set; }

    [Parameter("uint256", "tokens", 7)]
    public BigInteger Tokens { get; set; }
}
