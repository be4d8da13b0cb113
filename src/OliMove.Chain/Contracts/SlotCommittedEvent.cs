using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.SlotCommitted.</summary>
[Event("SlotCommitted")]
public sealed class SlotCommittedEvent : IEventDTO
{
    [Parameter("bytes32", "siteId", 1, true)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "slotId", 2, true)]
    public ulong SlotId { get; set; }

    [Parameter("uint32", "algorithmVersion", 3, true)]
    public uint AlgorithmVersion { get; set; }

    [Parameter("bytes32", "inputHash", 4)]
    public byte[] InputHash { get; set; } = [];

    [Parameter("bytes32", "outputHash", 5)]
    public byte[] OutputHash { get; set; } = [];

    [Parameter("bytes32", "rowsHash", 6)]
    public byte[] RowsHash { get; set; } = [];

    [Parameter("uint32", "rowCount", 7)]
    public uint RowCount { get; set; }
}
