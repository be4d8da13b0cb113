using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.StatusRow: one packed status row (see StatusRowCodec).</summary>
[Event("StatusRow")]
public sealed class StatusRowEvent : IEventDTO
{
    [Parameter("bytes32", "slotKey", 1, true)]
    public byte[] SlotKey { get; set; } = [];

    [Parameter("uint32", "asset", 2, true)]
    public uint Asset { get; set; }

    [Parameter("uint256", "row", 3)]
    public BigInteger Row { get; set; }
}
