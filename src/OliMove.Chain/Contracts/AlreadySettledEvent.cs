using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.AlreadySettled: a resent session, skipped.</summary>
[Event("AlreadySettled")]
public sealed class AlreadySettledEvent : IEventDTO
{
    [Parameter("bytes32", "siteId", 1, true)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "sessionNumber", 2, true)]
    public ulong SessionNumber { get; set; }
}
