using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.isSettled.</summary>
[Function("isSettled", "bool")]
public sealed class IsSettledFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "sessionNumber", 2)]
    public ulong SessionNumber { get; set; }
}
