using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.recordSlot: one slot's packed status rows plus its commitment.</summary>
[Function("recordSlot")]
public sealed class RecordSlotFunction : FunctionMessage
{
    [Parameter("uint64", "slotId", 1)]
    public ulong SlotId { get; set; }

    [Parameter("uint32", "algorithmVersion", 2)]
    public uint AlgorithmVersion { get; set; }

    [Parameter("bytes32", "inputHash", 3)]
    public byte[] InputHash { get; set; } = [];

    [Parameter("bytes32", "outputHash", 4)]
    public byte[] OutputHash { get; set; } = [];

    [Parameter("uint256[]", "rows", 5)]
    public List<BigInteger> Rows { get; set; } = [];
}
