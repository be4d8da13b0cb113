using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.settle: a batch of finished sessions.</summary>
[Function("settle")]
public sealed class SettleFunction : FunctionMessage
{
    [Parameter("tuple[]", "sessions", 1)]
    public List<SessionSettlementStruct> Sessions { get; set; } = [];
}
