using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.isSlotRecorded.</summary>
[Function("isSlotRecorded", "bool")]
public sealed class IsSlotRecordedFunction : FunctionMessage
{
    [Parameter("uint64", "slotId", 1)]
    public ulong SlotId { get; set; }
}
