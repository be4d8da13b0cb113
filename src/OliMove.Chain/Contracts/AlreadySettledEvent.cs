using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.AlreadySettled: a resent session, skipped.</summary>
[Event("AlreadySettled")]
public sealed class AlreadySettledEvent : IEventDTO
{
    [Parameter("bytes32", "sessionId", 1, true)]
    public byte[] SessionId { get; set; } = [];
}
