using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus: the slot id is already on chain.</summary>
[Error("SlotAlreadyRecorded")]
public sealed class SlotAlreadyRecordedError
{
    [Parameter("uint64", "slotId", 1)]
    public ulong SlotId { get; set; }
}
