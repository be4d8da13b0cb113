using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.SessionsAllocated: a site's bitmap words from <see cref="FromNumber"/> through <see cref="ThroughNumber"/> are allocated (raised even when they already were).</summary>
[Event("SessionsAllocated")]
public sealed class SessionsAllocatedEvent : IEventDTO
{
    [Parameter("bytes32", "siteId", 1, true)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "fromNumber", 2, false)]
    public ulong FromNumber { get; set; }

    [Parameter("uint64", "throughNumber", 3, false)]
    public ulong ThroughNumber { get; set; }
}
