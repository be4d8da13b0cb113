using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.recordSlot: one slot's packed status rows plus its commitment.</summary>
[Function("recordSlot")]
public sealed class RecordSlotFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "slotId", 2)]
    public ulong SlotId { get; set; }

    [Parameter("uint32", "algorithmVersion", 3)]
    public uint AlgorithmVersion { get; set; }

    [Parameter("bytes32", "inputHash", 4)]
    public byte[] InputHash { get; set; } = [];

    [Parameter("bytes32", "outputHash", 5)]
    public byte[] OutputHash { get; set; } = [];

    [Parameter("uint256[]", "rows", 6)]
    public List<BigInteger> Rows { get; set; } = [];
}
