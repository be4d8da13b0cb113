using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.isSettled.</summary>
[Function("isSettled", "bool")]
public sealed class IsSettledFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("bytes32", "sessionId", 2)]
    public byte[] SessionId { get; set; } = [];
}
