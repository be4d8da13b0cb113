using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetStatus.slotCommitment: the stored commitment hash of a site's slot (zero when not recorded).</summary>
[Function("slotCommitment", "bytes32")]
public sealed class SlotCommitmentFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "slotId", 2)]
    public ulong SlotId { get; set; }
}
