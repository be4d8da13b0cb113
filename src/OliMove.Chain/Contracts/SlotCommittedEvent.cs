using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.SlotCommitted.</summary>
[Event("SlotCommitted")]
public sealed class SlotCommittedEvent : IEventDTO
{
    [Parameter("uint64", "slotId", 1, true)]
    public ulong SlotId { get; set; }

    [Parameter("uint32", "algorithmVersion", 2, true)]
    public uint AlgorithmVersion { get; set; }

    [Parameter("bytes32", "inputHash", 3)]
    public byte[] InputHash { get; set; } = [];

    [Parameter("bytes32", "outputHash", 4)]
    public byte[] OutputHash { get; set; } = [];

    [Parameter("bytes32", "rowsHash", 5)]
    public byte[] RowsHash { get; set; } = [];

    [Parameter("uint32", "rowCount", 6)]
    public uint RowCount { get; set; }
}
