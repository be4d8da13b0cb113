using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.billOf (reverts UnknownSession).</summary>
[Function("billOf", typeof(BillOutput))]
public sealed class BillOfFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("bytes32", "sessionId", 2)]
    public byte[] SessionId { get; set; } = [];
}
