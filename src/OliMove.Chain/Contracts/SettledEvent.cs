using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.Settled.</summary>
[Event("Settled")]
public sealed class SettledEvent : IEventDTO
{
    [Parameter("bytes32", "sessionId", 1, true)]
    public byte[] SessionId { get; set; } = [];

    [Parameter("address", "user", 2, true)]
    public string User { get; set; } = "";

    [Parameter("uint32", "energyWh", 3)]
    public uint EnergyWh { get; set; }

    [Parameter("uint64", "billMilliCents", 4)]
    public ulong BillMilliCents { get; set; }

    [Parameter("uint32", "flexibilityWhH", 5)]
    public uint FlexibilityWhH { get; set; }

    [Parameter("uint256", "tokens", 6)]
    public BigInteger Tokens { get; set; }
}
