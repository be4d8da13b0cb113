using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus: the slot id is already on chain.</summary>
[Error("SlotAlreadyRecorded")]
public sealed class SlotAlreadyRecordedError
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "slotId", 2)]
    public ulong SlotId { get; set; }
}
