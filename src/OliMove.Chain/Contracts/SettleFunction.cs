using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.settle: a batch of finished sessions.</summary>
[Function("settle")]
public sealed class SettleFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("tuple[]", "sessions", 2)]
    public List<SessionSettlementStruct> Sessions { get; set; } = [];
}
