using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.SiteRegistered: a site joined (or moved to a new operator account).</summary>
[Event("SiteRegistered")]
public sealed class SiteRegisteredEvent : IEventDTO
{
    [Parameter("bytes32", "siteId", 1, true)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("address", "operator", 2, true)]
    public string Operator { get; set; } = "";

    [Parameter("string", "name", 3)]
    public string Name { get; set; } = "";
}
