using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.allocatedThrough: the highest session number whose bitmap word is allocated (0: none).</summary>
[Function("allocatedThrough", "uint64")]
public sealed class AllocatedThroughFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];
}
