using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.isSlotRecorded.</summary>
[Function("isSlotRecorded", "bool")]
public sealed class IsSlotRecordedFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "slotId", 2)]
    public ulong SlotId { get; set; }
}
